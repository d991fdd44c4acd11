package io.sluice.engine.core;

/**
 * Maps keys to partitions and partitions to instances. Keys map to a fixed number of partitions
 * (default {@value #DEFAULT_PARTITION_COUNT}), and state is kept per partition, so a job can be
 * restored at another parallelism: only the partition-to-instance mapping changes.
 */
public final class Partitioner {
    /** The default number of key partitions. */
    public static final int DEFAULT_PARTITION_COUNT = 271;

    private Partitioner() {
    }

    /** The partition of {@code key}, in {@code [0, partitionCount)}. */
    public static int partition(Object key, int partitionCount) {
        if (key == null) {
            throw new NullPointerException("a grouping or partitioning key is null; the key function must return a non-null value");
        }
        int h = key.hashCode();
        h ^= (h >>> 16);
        h *= 0x85ebca6b;
        h ^= (h >>> 13);
        return Math.floorMod(h, partitionCount);
    }

    /** The instance (of {@code instanceCount}) that owns {@code partition}. */
    public static int owner(int partition, int instanceCount) {
        return partition % instanceCount;
    }
}
