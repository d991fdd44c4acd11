package io.sluice.engine.job;

/**
 * The cause of a job that was failed to keep its node's heap from running out: either the node's
 * heap watchdog found the heap nearly full after a garbage collection and this job held the most
 * state, or one of the job's stages ran out of heap ({@link #getCause()} is then the
 * {@link OutOfMemoryError}). The message says how full the heap was, what the job held and what
 * to change (more heap, or {@code JobConfig.setMaxProcessorAccumulatedRecords} to stop the job
 * earlier with a clear limit). The node itself keeps running.
 */
public class JobOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobOutOfMemoryException(String message) {
        super(message);
    }

    public JobOutOfMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
