package io.sluice.engine.core;

/**
 * The unit of computation of a vertex instance. One instance of a processor is created per
 * vertex instance (so it may keep state in plain fields) and is only ever called from one
 * thread at a time.
 *
 * <p>Call order: {@link #init} once; then, as input arrives, {@link #process} for each batch and
 * {@link #tryProcessWatermark} for each coalesced watermark, interleaved with {@link #tryProcess}
 * on timer ticks; {@link #completeEdge} when one input ordinal has no more data; finally
 * {@link #complete} until it returns {@code true}; {@link #close} always, also after a failure.
 * A processor without inputs (a source) gets {@link #complete} called repeatedly while
 * downstream has demand; it returns {@code true} when it is exhausted.
 *
 * <p>State that must survive a restart is written per key by {@link #saveToSnapshot} and read
 * back by {@link #restoreFromSnapshot}; the runtime assigns each key to a partition, so a job can
 * be restored at another parallelism.
 *
 * <p>An exception thrown from any method fails the job with that exception as the cause.
 */
public interface Processor {

    /** Called once before any other method. */
    default void init(Outbox outbox, ProcessorContext context) throws Exception {
    }

    /**
     * Processes every item of {@code batch}, which arrived on input {@code ordinal}. The batch
     * must not be kept after the call returns.
     */
    void process(int ordinal, Batch batch) throws Exception;

    /**
     * Handles the watermark coalesced over all inputs (for example by emitting the windows it
     * closes). Once this returns {@code true} the runtime forwards the watermark downstream,
     * after everything emitted so far; {@code false} means "call again with the same watermark".
     */
    default boolean tryProcessWatermark(long timestamp) throws Exception {
        return true;
    }

    /**
     * Whether the runtime forwards the coalesced input watermark after {@link #tryProcessWatermark}
     * returns {@code true}. A processor that creates event time afresh (a timestamp assigner placed
     * after a stage that already has watermarks) returns {@code false}: it swallows the input
     * watermarks and emits its own with {@link Outbox#addWatermark}. Read once, at start.
     */
    default boolean forwardsWatermarks() {
        return true;
    }

    /** Called on timer ticks (every few milliseconds) and when idle; return {@code false} to be called again soon. */
    default boolean tryProcess() throws Exception {
        return true;
    }

    /** Input {@code ordinal} has no more data. Return {@code false} to be called again. */
    default boolean completeEdge(int ordinal) throws Exception {
        return true;
    }

    /**
     * All inputs are done (or, for a source, called while downstream has demand): emit what is
     * left. Called again until it returns {@code true}.
     */
    default boolean complete() throws Exception {
        return true;
    }

    /** Writes this instance's state as key/value pairs. Return {@code false} to be called again. */
    default boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        return true;
    }

    /** Receives one key/value pair of saved state (of the partitions this instance now owns). */
    default void restoreFromSnapshot(Object key, Object value) throws Exception {
    }

    /** Called after the last {@link #restoreFromSnapshot} call. */
    default void finishSnapshotRestore() throws Exception {
    }

    /**
     * Phase one of a two-phase sink (Jet's {@code snapshotCommitPrepare}): called when the barrier of
     * a snapshot has arrived, before {@link #saveToSnapshot}. A transactional sink finishes what it
     * wrote since the last snapshot without making it visible (closes its temporary file) and saves
     * what it must commit in {@code saveToSnapshot}. Return {@code false} to be called again.
     */
    default boolean snapshotCommitPrepare() throws Exception {
        return true;
    }

    /**
     * Phase two: the snapshot prepared last committed ({@code success}) or failed. A transactional
     * sink makes the prepared output visible (renames its temporary files) or discards it. Also
     * called after a restore, with {@code true}, for output prepared in the restored snapshot that
     * may not have been committed before the failure; it must therefore be idempotent. Return
     * {@code false} to be called again.
     */
    default boolean snapshotCommitFinish(boolean success) throws Exception {
        return true;
    }

    /** Releases resources; called once, also after a failure or cancellation. */
    default void close() throws Exception {
    }
}
