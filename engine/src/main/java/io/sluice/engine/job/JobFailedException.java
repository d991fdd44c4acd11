package io.sluice.engine.job;

/**
 * Thrown by {@code Job.join()} when the job failed; {@link #getCause()} is what failed it (for
 * example the exception a user function threw).
 */
public class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
