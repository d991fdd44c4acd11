package io.sluice.engine.job;

/**
 * The life cycle of a job.
 *
 * <pre>
 * STARTING -> RUNNING -> COMPLETED | FAILED | CANCELLED
 *                 |  ^
 *                 v  |  (a failure within the restart policy; restart())
 *             RESTARTING
 * RUNNING -> SUSPENDED (suspend(), or suspendOnFailure) -> STARTING (resume())
 * </pre>
 */
public enum JobStatus {
    /** Submitted, or a new execution's instances being created and wired. */
    STARTING,
    /** All instances of the current execution are running. */
    RUNNING,
    /**
     * The execution failed (or {@code restart()} was called) and a new one starts after the restart
     * backoff, from the last committed snapshot if there is one.
     */
    RESTARTING,
    /**
     * Suspended by {@code suspend()} (after a final snapshot when the job has a processing guarantee),
     * or after a failure beyond the restart policy with {@code suspendOnFailure}; {@code resume()}
     * starts it again from its last committed snapshot. Not terminal.
     */
    SUSPENDED,
    /** Finished successfully (a batch job whose sources were exhausted). */
    COMPLETED,
    /** Failed; {@code Job.join()} throws {@link JobFailedException} with the cause. */
    FAILED,
    /** Cancelled by the user. */
    CANCELLED;

    /** Whether the job has ended. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
