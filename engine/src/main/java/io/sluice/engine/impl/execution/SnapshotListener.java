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
}
