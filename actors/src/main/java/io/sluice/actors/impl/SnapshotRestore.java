package io.sluice.actors.impl;

import io.sluice.engine.core.Partitioner;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.snapshot.SnapshotData;
import io.sluice.engine.snapshot.SnapshotStore;
import io.sluice.persistence.codec.CodecException;
import io.sluice.persistence.codec.Codecs;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a committed snapshot and hands each stage instance of a new execution the state it owns:
 * the pairs of the key partitions it receives on a partitioned edge ({@link Partitioner#owner}),
 * and the instance-local pairs saved by the instance of the same index (modulo the parallelism).
 * Instances recorded as completed in the snapshot are restored as completed.
 *
 * <p>Layout in the store (written by {@link InstanceSnapshots} and the execution coordinator): vertex
 * name, then slot {@code 0..partitionCount-1} for key partitions and {@code partitionCount + index}
 * for instance-local state; each chunk an encoded list {@code [k1, v1, k2, v2, ...]}. Completion
 * markers are stored under the vertex name {@value #DONE_PREFIX}{@code <vertex>}, slot = instance.
 */
final class SnapshotRestore {
    static final String DONE_PREFIX = "$done:";
    /** The chunk listing the job's source vertices (an encoded list: the partition count, then the names; slot 0). */
    static final String SOURCES = "$sources";

    /** What one execution restores. */
    record Restored(long snapshotId, Map<Long, List<Map.Entry<Object, Object>>> entries, Set<Long> done) {
        static long key(int vertexIndex, int instance) {
            return ((long) vertexIndex << 32) | instance;
        }

        List<Map.Entry<Object, Object>> entriesOf(int vertexIndex, int instance) {
            return entries.getOrDefault(key(vertexIndex, instance), List.of());
        }

        boolean isDone(int vertexIndex, int instance) {
            return done.contains(key(vertexIndex, instance));
        }

        /** Whether an instance of the vertex was given saved state. */
        boolean hasState(int vertexIndex) {
            for (Map.Entry<Long, List<Map.Entry<Object, Object>>> e : entries.entrySet()) {
                if ((int) (e.getKey() >>> 32) == vertexIndex && !e.getValue().isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    private SnapshotRestore() {
    }

    /**
     * The snapshot to restore from is damaged or cannot be decoded: a restart would meet the same
     * data, so the job fails at once instead of using up its restart attempts.
     */
    static final class UnreadableSnapshotException extends IllegalStateException {
        UnreadableSnapshotException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads the last committed snapshot under {@code storeKey}; with {@code sourceOffsets}
     * (at-most-once) instead the latest offsets the sources recorded as handed on, for the sources,
     * and an empty state for every other instance (restored, so a sink appends to its output), so
     * that a restart never counts an item twice.
     *
     * @return empty if there is no snapshot (and no recorded offset)
     * @throws IllegalStateException naming the job, the snapshot and the stage when a chunk is damaged
     *                               or cannot be decoded
     */
    static Optional<Restored> read(SnapshotStore store, String storeKey, String jobName, ExecutionPlan plan,
                                   int partitionCount, boolean sourceOffsets) {
        Optional<SnapshotData> data;
        java.util.SortedMap<String, java.util.SortedMap<Integer, byte[]>> offsets;
        try {
            data = store.readLastCommitted(storeKey);
            offsets = sourceOffsets ? store.readSourceOffsets(storeKey) : new java.util.TreeMap<>();
        } catch (io.sluice.engine.snapshot.CorruptSnapshotException e) {
            throw new UnreadableSnapshotException("job '" + jobName + "': snapshot " + e.snapshotId() + " of "
                    + describe(storeKey) + " cannot be restored: its chunk of stage '" + e.vertex() + "' (slot "
                    + e.partition() + ") is damaged: " + e.problem() + ". The snapshot store keeps no older snapshot:"
                    + " restore the data directory from a backup, or start the job again as a new job without its"
                    + " state", e);
        } catch (RuntimeException e) {
            throw new UnreadableSnapshotException("job '" + jobName + "': its last committed snapshot cannot be read: "
                    + e.getMessage() + "; the data directory is damaged: restore it from a backup, or cancel the job"
                    + " and start it again from the beginning", e);
        }
        if (data.isEmpty() && offsets.isEmpty()) {
            return Optional.empty();
        }
        SnapshotData snapshot = data.orElseGet(() -> new SnapshotData(storeKey, 0, new java.util.TreeMap<>()));
        Codecs codecs = Codecs.create();
        Map<Long, List<Map.Entry<Object, Object>>> entries = new HashMap<>();
        Set<Long> done = new HashSet<>();
        for (ExecutionPlan.VertexPlan vp : plan.vertices()) {
            String vertex = vp.vertex().name();
            int parallelism = vp.parallelism();
            if (sourceOffsets) {
                // at most once: sources go on after what they handed on; every other stage starts
                // empty (restoring its state would count again what it had already emitted)
                java.util.SortedMap<Integer, byte[]> recorded = offsets.get(vertex);
                for (int i = 0; i < parallelism; i++) {
                    entries.put(Restored.key(vp.index(), i), new ArrayList<>());
                }
                if (recorded != null && vp.inlets(0).isEmpty()) {
                    for (Map.Entry<Integer, byte[]> e : recorded.entrySet()) {
                        if (e.getKey() < parallelism) {
                            addPairs(entries.get(Restored.key(vp.index(), e.getKey())), codecs, e.getValue(), jobName,
                                    vertex, snapshot.snapshotId(), -1);
                        }
                    }
                }
                continue;
            }
            for (int slot : snapshot.partitions(DONE_PREFIX + vertex)) {
                if (slot < parallelism) {
                    done.add(Restored.key(vp.index(), slot));
                }
            }
            for (int slot : snapshot.partitions(vertex)) {
                int owner = slot < partitionCount ? Partitioner.owner(slot, parallelism) : (slot - partitionCount) % parallelism;
                List<Map.Entry<Object, Object>> target = entries.computeIfAbsent(Restored.key(vp.index(), owner),
                        k -> new ArrayList<>());
                for (byte[] chunk : snapshot.chunks(vertex, slot)) {
                    addPairs(target, codecs, chunk, jobName, vertex, snapshot.snapshotId(), slot);
                }
            }
        }
        return Optional.of(new Restored(snapshot.snapshotId(), entries, done));
    }

    /**
     * The state the sources of a job saved in its last committed snapshot (or, at most once, the
     * offsets they recorded as handed on), by source vertex and instance: a source instance's saved
     * value, or the list of its values when it saved several. Empty when there is none.
     */
    static java.util.SortedMap<String, java.util.SortedMap<Integer, Object>> sourceOffsets(SnapshotStore store,
                                                                                          String storeKey) {
        java.util.TreeMap<String, java.util.SortedMap<Integer, Object>> result = new java.util.TreeMap<>();
        Codecs codecs = Codecs.create();
        java.util.SortedMap<String, java.util.SortedMap<Integer, byte[]>> recorded = store.readSourceOffsets(storeKey);
        if (!recorded.isEmpty()) {
            recorded.forEach((vertex, byInstance) -> byInstance.forEach((instance, chunk) ->
                    result.computeIfAbsent(vertex, v -> new java.util.TreeMap<>())
                          .put(instance, valuesOf(List.of(chunk), codecs))));
            return result;
        }
        Optional<SnapshotData> data = store.readLastCommitted(storeKey);
        if (data.isEmpty() || data.get().chunks(SOURCES, 0).isEmpty()) {
            return result;
        }
        SnapshotData snapshot = data.get();
        List<?> sources = (List<?>) codecs.decode(snapshot.chunks(SOURCES, 0).get(0));
        int partitionCount = (Integer) sources.get(0);
        for (Object name : sources.subList(1, sources.size())) {
            String vertex = (String) name;
            java.util.SortedMap<Integer, Object> byInstance = new java.util.TreeMap<>();
            for (int slot : snapshot.partitions(vertex)) {
                if (slot >= partitionCount) {
                    byInstance.put(slot - partitionCount, valuesOf(snapshot.chunks(vertex, slot), codecs));
                }
            }
            result.put(vertex, byInstance);
        }
        return result;
    }

    private static Object valuesOf(List<byte[]> chunks, Codecs codecs) {
        List<Object> values = new ArrayList<>();
        for (byte[] chunk : chunks) {
            List<?> pairs = (List<?>) codecs.decode(chunk);
            for (int i = 1; i < pairs.size(); i += 2) {
                values.add(pairs.get(i));
            }
        }
        return values.size() == 1 ? values.get(0) : values;
    }

    /** How a message names the snapshot's owner: "export 'x'" or "the job (store key ..)". */
    private static String describe(String storeKey) {
        return storeKey.startsWith("export:") ? "export '" + storeKey.substring("export:".length()) + "'"
                : "the job (store key '" + storeKey + "')";
    }

    /** Decodes one chunk, an encoded list {@code [k1, v1, k2, v2, ...]}, into {@code target}. */
    private static void addPairs(List<Map.Entry<Object, Object>> target, Codecs codecs, byte[] chunk, String jobName,
                                 String vertex, long snapshotId, int slot) {
        List<?> pairs;
        try {
            pairs = (List<?>) codecs.decode(chunk);
        } catch (CodecException | ClassCastException e) {
            throw new UnreadableSnapshotException("job '" + jobName + "': the state of stage '" + vertex + "' in snapshot "
                    + snapshotId + (slot < 0 ? " (recorded source offset)" : " (slot " + slot + ")") + " cannot be read: "
                    + e.getMessage() + "; the stage's state classes changed incompatibly, or the data is damaged", e);
        }
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            target.add(new AbstractMap.SimpleImmutableEntry<>(pairs.get(i), pairs.get(i + 1)));
        }
    }
}
