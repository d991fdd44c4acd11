package io.sluice.engine.core;

/**
 * How the runtime places the keys a processor saves with {@link SnapshotOutbox#save}: each saved
 * key/value pair goes back, on restore, to the instance that owns it then, which may be another
 * one when the job is restored at another parallelism.
 * <ul>
 *   <li>A plain key (a grouping key) belongs to its key partition ({@link Partitioner#partition}),
 *       and is restored to the instance that receives that partition on a partitioned edge.</li>
 *   <li>A key that implements {@link Partitioned} wraps a grouping key (a window frame of a key, a
 *       fused chain member's key) and is placed by {@link Partitioned#partitionKey()}.</li>
 *   <li>A key that implements {@link Local} is state of the instance itself (a source's offset,
 *       a global accumulator): it is restored to the instance with the same global index, or, at
 *       a lower parallelism, to index modulo the new parallelism.</li>
 * </ul>
 */
public final class SnapshotKeys {
    private SnapshotKeys() {
    }

    /** A snapshot key placed by the grouping key it wraps. */
    public interface Partitioned {
        /** The grouping key that decides the partition (itself placed by these rules). */
        Object partitionKey();
    }

    /** A snapshot key holding state of the instance that saved it, not of a key partition. */
    public interface Local {
    }

    /**
     * The partition of a saved key, or {@code -1} for a {@link Local} key.
     *
     * @param key            the key as saved
     * @param partitionCount the job's partition count
     */
    public static int partitionOf(Object key, int partitionCount) {
        Object k = key;
        while (k instanceof Partitioned p) {
            k = p.partitionKey();
        }
        if (k instanceof Local) {
            return -1;
        }
        return Partitioner.partition(k, partitionCount);
    }
}
