package io.sluice.engine.impl.execution;

/**
 * Receives what a {@link ProcessorDriver} saves for a snapshot. Called on the stage's thread,
 * from inside the driver's calls ({@code onItem}, {@code onInletComplete}, {@code runPending},
 * {@code tick}, {@code onWakeUp}).
 */
public interface SnapshotListener {
    /** One key/value pair of this instance's state for snapshot {@code snapshotId}, called on the stage's thread while the driver saves. */
    void save(long snapshotId, Object key, Object value);

    /** This instance finished saving {@code snapshotId} (prepare + save done) and queued {@code Barrier(snapshotId)} on every outlet behind all earlier output. */
    void saved(long snapshotId);

    /**
     * This instance finished phase two of {@code snapshotId}: {@code snapshotCommitFinish} returned
     * {@code true} after {@link ProcessorDriver#snapshotCommitted}, or there was nothing to commit
     * (called at once then). A coordinator starts the next snapshot once every instance got here.
     * Not called for the commit that {@link ProcessorDriver#restore} runs.
     */
    default void commitFinished(long snapshotId) {
    }
}
