package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;

/**
 * One step of a fused chain: receives items one at a time, as a plain method call, and passes
 * its output straight to the next step through its {@link Emitter}. A {@link FusedProcessor}
 * runs a head {@code Processor} followed by a chain of steps inside one vertex instance.
 *
 * <p>Call order mirrors {@code Processor}: {@link #init} once; {@link #processItem} per item,
 * {@link #endBatch} after each call of the fused processor (a batch boundary), watermarks in
 * order; {@link #complete} until it returns {@code true}, only after all steps before it
 * completed; {@link #close} always.
 *
 * <p>Exceptions are propagated unchanged (the job fails with them as the cause).
 */
public interface ItemProcessor {

    /** Called once, before any other method; {@code emitter} leads to the next step (or the outbox). */
    default void init(Emitter emitter, ProcessorContext context) throws Exception {
    }

    /** Processes one item. */
    void processItem(Object item) throws Exception;

    /** The current batch (or call of the fused processor) ended: flush what is buffered per batch. */
    default void endBatch() throws Exception {
    }

    /** Handles a watermark; {@code false} means "call again later with the same watermark". */
    default boolean tryProcessWatermark(long timestamp) throws Exception {
        return true;
    }

    /**
     * Whether watermarks this step has handled go on to the steps after it (and the outbox).
     * A step that creates event time afresh (a timestamp assigner) returns {@code false}: it
     * swallows incoming watermarks and emits its own through its {@link Emitter}.
     */
    default boolean forwardsWatermarks() {
        return true;
    }

    /** Called on timer ticks; {@code false} to be called again. */
    default boolean tryProcess() throws Exception {
        return true;
    }

    /**
     * All input is done: emit what is left, yielding ({@code false}) once
     * {@link Emitter#hasReachedLimit()} is true.
     */
    default boolean complete() throws Exception {
        return true;
    }

    /** Saves state as key/value pairs; keys of several instances may be equal and must then be merged on restore. */
    default boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        return true;
    }

    /**
     * Restores one key/value pair. The same key may arrive more than once (state of several
     * instances restored into one); implementations merge.
     */
    default void restoreFromSnapshot(Object key, Object value) throws Exception {
    }

    /** Called after the last {@link #restoreFromSnapshot}. */
    default void finishSnapshotRestore() throws Exception {
    }

    /** Phase one of a two-phase commit, as {@code Processor.snapshotCommitPrepare}; {@code false}: call again. */
    default boolean snapshotCommitPrepare() throws Exception {
        return true;
    }

    /** Phase two, as {@code Processor.snapshotCommitFinish}; {@code false}: call again. */
    default boolean snapshotCommitFinish(boolean success) throws Exception {
        return true;
    }

    /**
     * How many records this step accumulates now (keys, buffered items), for the node's heap
     * watchdog; 0 for a stateless step. Called from another thread: read a field or a
     * {@code size()}, never iterate (see {@code StateReporting}).
     */
    default long accumulatedRecords() {
        return 0;
    }

    /** Releases resources; called once, also after a failure. */
    default void close() throws Exception {
    }
}
