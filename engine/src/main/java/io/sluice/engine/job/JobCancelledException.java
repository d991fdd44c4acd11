package io.sluice.engine.job;

/** Thrown by {@code Job.join()} when the job was cancelled. */
public class JobCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobCancelledException(String message) {
        super(message);
    }
}
