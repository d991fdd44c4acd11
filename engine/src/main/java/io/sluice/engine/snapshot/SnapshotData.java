package io.sluice.engine.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All chunks of one committed snapshot of a job, by vertex and by key partition (or instance
 * index), each list in the order the chunks were written.
 *
 * <pre>{@code
 * SnapshotData s = store.readLastCommitted("job-1").orElseThrow();
 * for (String vertex : s.vertices()) {
 *     for (int partition : s.partitions(vertex)) {
 *         List<byte[]> chunks = s.chunks(vertex, partition);
 *     }
 * }
 * }</pre>
 *
 * @param jobId      the job
 * @param snapshotId the committed snapshot's id
 * @param chunks     vertex to (partition to chunks); unmodifiable, sorted by vertex and partition
 */
public record SnapshotData(String jobId, long snapshotId,
                           SortedMap<String, SortedMap<Integer, List<byte[]>>> chunks) {

    /**
     * Creates the record, taking an unmodifiable sorted copy of {@code chunks}.
     */
    public SnapshotData {
        Objects.requireNonNull(jobId, "jobId");
        TreeMap<String, SortedMap<Integer, List<byte[]>>> copy = new TreeMap<>();
        for (Map.Entry<String, SortedMap<Integer, List<byte[]>>> v : chunks.entrySet()) {
            TreeMap<Integer, List<byte[]>> parts = new TreeMap<>();
            v.getValue().forEach((p, list) -> parts.put(p, List.copyOf(list)));
            copy.put(v.getKey(), Collections.unmodifiableSortedMap(parts));
        }
        chunks = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * The vertices that wrote at least one chunk, sorted.
     *
     * @return the vertex names
     */
    public Set<String> vertices() {
        return chunks.keySet();
    }

    /**
     * The partitions (or instance indexes) of a vertex that wrote at least one chunk, sorted.
     *
     * @param vertex the vertex name
     * @return its partitions; empty if the vertex wrote nothing
     */
    public Set<Integer> partitions(String vertex) {
        SortedMap<Integer, List<byte[]>> parts = chunks.get(vertex);
        return parts == null ? Set.of() : parts.keySet();
    }

    /**
     * The chunks of one vertex and partition in the order they were written.
     *
     * @param vertex    the vertex name
     * @param partition the key partition or instance index
     * @return the chunks; empty if none were written
     */
    public List<byte[]> chunks(String vertex, int partition) {
        SortedMap<Integer, List<byte[]>> parts = chunks.get(vertex);
        List<byte[]> list = parts == null ? null : parts.get(partition);
        return list == null ? List.of() : list;
    }

    /**
     * The total size of all chunks in bytes.
     *
     * @return the sum of the chunk lengths
     */
    public long totalBytes() {
        long total = 0;
        for (SortedMap<Integer, List<byte[]>> parts : chunks.values()) {
            for (List<byte[]> list : parts.values()) {
                for (byte[] c : list) {
                    total += c.length;
                }
            }
        }
        return total;
    }
}
