package io.sluice.engine.job;

/** The life cycle of a job. */
public enum JobStatus {
    /** Submitted, instances being created and wired. */
    STARTING,
    /** All instances are running. */
    RUNNING,
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
