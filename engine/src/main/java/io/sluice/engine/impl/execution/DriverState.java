package io.sluice.engine.impl.execution;

/**
 * What a {@link ProcessorDriver} is doing between two calls from its stage (Jet's
 * {@code ProcessorState}). Only {@link #PROCESSING} takes input; every other state is a call
 * that the processor may refuse ({@code false}) and that the driver repeats on the next
 * {@code runPending}/{@code tick}/{@code onWakeUp} before anything else happens.
 *
 * <pre>
 *   PROCESSING --watermark deferred--&gt; PROCESS_WATERMARK --&gt; (next)
 *   PROCESSING --input ordinal done--&gt; COMPLETE_EDGE ------&gt; (next)
 *   PROCESSING --barrier(s) / requestSnapshot--&gt; SNAPSHOT_PREPARE --&gt; SNAPSHOT_SAVE --&gt; (next)
 *   any but DONE --snapshotCommitted / restore--&gt; COMMIT_FINISH --&gt; (next)
 *   all inputs done, or a source: COMPLETING --complete() true--&gt; DONE
 * </pre>
 * "(next)" is chosen in this order: a pending commit, a deferred watermark, edge completions,
 * a due snapshot, {@code COMPLETING} once no input is open, else {@code PROCESSING}.
 */
enum DriverState {
    /** Taking input: batches, watermarks and barriers go to the processor as they arrive. */
    PROCESSING,
    /** {@code tryProcessWatermark} returned {@code false}: call again (when output is under the limit). */
    PROCESS_WATERMARK,
    /** An input ordinal has no more producers: {@code completeEdge} until {@code true}. */
    COMPLETE_EDGE,
    /** A snapshot is due: {@code snapshotCommitPrepare} until {@code true}. */
    SNAPSHOT_PREPARE,
    /** {@code saveToSnapshot} until {@code true}; then the barrier goes out on every outlet. */
    SNAPSHOT_SAVE,
    /** A snapshot committed (or a restore finished): {@code snapshotCommitFinish} until {@code true}. */
    COMMIT_FINISH,
    /** No open input (or a source): {@code complete()} until {@code true}. */
    COMPLETING,
    /** {@code complete()} returned {@code true}; output may still be queued. */
    DONE
}
