package io.sluice.engine.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link SnapshotStore} on the heap, for nodes without a data directory: restarts after a
 * failure within the JVM work, a killed JVM loses everything. Chunks are copied on write and on
 * read, so callers may reuse their arrays.
 *
 * <pre>{@code
 * SnapshotStore store = new InMemorySnapshotStore();
 * store.writeChunk("job-1", 1, "count", 0, bytes);
 * store.commit("job-1", 1);
 * }</pre>
 */
public final class InMemorySnapshotStore implements SnapshotStore {

    /** One snapshot: vertex to partition to chunks, and whether it committed. */
    private static final class Snapshot {
        final TreeMap<String, TreeMap<Integer, List<byte[]>>> chunks = new TreeMap<>();
        boolean committed;
    }

    /** Job to snapshot id to snapshot; guarded by {@code this}. */
    private final Map<String, TreeMap<Long, Snapshot>> jobs = new HashMap<>();
    private final Map<String, TreeMap<String, TreeMap<Integer, byte[]>>> offsets = new HashMap<>();
    private boolean closed;

    /** Creates an empty store. */
    public InMemorySnapshotStore() {
    }

    @Override
    public synchronized void writeChunk(String jobId, long snapshotId, String vertex,
                                        int partition, byte[] chunk) {
        checkOpen();
        SnapshotStoreSupport.checkChunkArgs(jobId, snapshotId, vertex, partition, chunk);
        TreeMap<Long, Snapshot> snapshots = jobs.computeIfAbsent(jobId, j -> new TreeMap<>());
        SnapshotStoreSupport.checkNewer(jobId, snapshotId, lastCommitted(snapshots), "write a chunk to");
        snapshots.computeIfAbsent(snapshotId, s -> new Snapshot())
                .chunks.computeIfAbsent(vertex, v -> new TreeMap<>())
                .computeIfAbsent(partition, p -> new ArrayList<>())
                .add(chunk.clone());
    }

    @Override
    public synchronized void commit(String jobId, long snapshotId) {
        checkOpen();
        SnapshotStoreSupport.checkJobAndSnapshot(jobId, snapshotId);
        TreeMap<Long, Snapshot> snapshots = jobs.computeIfAbsent(jobId, j -> new TreeMap<>());
        SnapshotStoreSupport.checkNewer(jobId, snapshotId, lastCommitted(snapshots), "commit");
        snapshots.computeIfAbsent(snapshotId, s -> new Snapshot()).committed = true;
        snapshots.headMap(snapshotId, false).clear();
    }

    @Override
    public synchronized void abort(String jobId, long snapshotId) {
        checkOpen();
        SnapshotStoreSupport.checkJobAndSnapshot(jobId, snapshotId);
        TreeMap<Long, Snapshot> snapshots = jobs.get(jobId);
        if (snapshots != null) {
            Snapshot s = snapshots.get(snapshotId);
            if (s != null && !s.committed) {
                snapshots.remove(snapshotId);
            }
            if (snapshots.isEmpty()) {
                jobs.remove(jobId);
            }
        }
    }

    @Override
    public synchronized OptionalLong lastCommittedSnapshotId(String jobId) {
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        TreeMap<Long, Snapshot> snapshots = jobs.get(jobId);
        long last = snapshots == null ? -1 : lastCommitted(snapshots);
        return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
    }

    @Override
    public synchronized Optional<SnapshotData> readLastCommitted(String jobId) {
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        TreeMap<Long, Snapshot> snapshots = jobs.get(jobId);
        long last = snapshots == null ? -1 : lastCommitted(snapshots);
        if (last < 0) {
            return Optional.empty();
        }
        TreeMap<String, SortedMap<Integer, List<byte[]>>> copy = new TreeMap<>();
        snapshots.get(last).chunks.forEach((vertex, parts) -> {
            TreeMap<Integer, List<byte[]>> partsCopy = new TreeMap<>();
            parts.forEach((p, list) -> {
                List<byte[]> listCopy = new ArrayList<>(list.size());
                list.forEach(c -> listCopy.add(c.clone()));
                partsCopy.put(p, listCopy);
            });
            copy.put(vertex, partsCopy);
        });
        return Optional.of(new SnapshotData(jobId, last, copy));
    }

    @Override
    public synchronized List<Long> snapshotIds(String jobId) {
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        TreeMap<Long, Snapshot> snapshots = jobs.get(jobId);
        return snapshots == null ? List.of() : List.copyOf(snapshots.keySet());
    }

    @Override
    public synchronized Set<String> jobIds() {
        checkOpen();
        TreeSet<String> ids = new TreeSet<>();
        jobs.forEach((job, snapshots) -> {
            if (!snapshots.isEmpty()) {
                ids.add(job);
            }
        });
        ids.addAll(offsets.keySet());
        return ids;
    }

    @Override
    public synchronized void writeSourceOffset(String jobId, String vertex, int instance, byte[] chunk) {
        SnapshotStoreSupport.checkChunkArgs(jobId, 0, vertex, instance, chunk);
        offsets.computeIfAbsent(jobId, j -> new TreeMap<>()).computeIfAbsent(vertex, v -> new TreeMap<>())
               .put(instance, chunk.clone());
    }

    @Override
    public synchronized java.util.SortedMap<String, java.util.SortedMap<Integer, byte[]>> readSourceOffsets(String jobId) {
        SnapshotStoreSupport.checkJobId(jobId);
        TreeMap<String, java.util.SortedMap<Integer, byte[]>> copy = new TreeMap<>();
        offsets.getOrDefault(jobId, new TreeMap<>()).forEach((v, m) -> {
            TreeMap<Integer, byte[]> c = new TreeMap<>();
            m.forEach((i, b) -> c.put(i, b.clone()));
            copy.put(v, c);
        });
        return copy;
    }

    @Override
    public synchronized void deleteJob(String jobId) {
        offsets.remove(jobId);
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        jobs.remove(jobId);
    }

    @Override
    public synchronized void close() {
        closed = true;
        jobs.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the in-memory snapshot store is closed");
        }
    }

    private static long lastCommitted(TreeMap<Long, Snapshot> snapshots) {
        for (Map.Entry<Long, Snapshot> e : snapshots.descendingMap().entrySet()) {
            if (e.getValue().committed) {
                return e.getKey();
            }
        }
        return -1;
    }
}
