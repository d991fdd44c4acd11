package io.sluice.engine.job;

/**
 * What a job guarantees about the items its sources read when it restarts after a failure (a
 * stage threw, a stage actor died, the node was killed and started again on its data directory).
 * The meanings are those of StreamSets Data Collector's delivery guarantees, extended with
 * exactly-once as in Jet and Flink. Set with {@link JobConfig#setProcessingGuarantee}.
 */
public enum ProcessingGuarantee {
    /** No snapshots; a failed job fails (or, with restart attempts set, starts again from the beginning). */
    NONE,
    /**
     * Every item affects the results at most once: a source's offset counts as committed as soon as
     * its batch was handed on, so a restart may lose the batches that were in flight but never
     * repeats one. A restart resumes each source after what it handed on, with every other stage
     * starting empty: what they held (open windows, running aggregates) is lost too, since
     * restoring it would count again items whose results were already emitted. No snapshots are
     * taken; sinks append to what they wrote before.
     */
    AT_MOST_ONCE,
    /**
     * Every item affects the results at least once: offsets are committed only when every sink
     * confirmed what came before them (the snapshot committed). A restart may repeat items that
     * were processed after the last snapshot, never loses one. Barriers are not aligned: a stage
     * saves once the barrier arrived on all its inputs, but no input waits for another.
     */
    AT_LEAST_ONCE,
    /**
     * Every item affects state and (two-phase) sinks exactly once: barriers are aligned (an input
     * that delivered the barrier waits for the others), and sinks make their output visible only
     * when the snapshot that covers it commits.
     */
    EXACTLY_ONCE
}
