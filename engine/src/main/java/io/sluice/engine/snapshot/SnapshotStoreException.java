package io.sluice.engine.snapshot;

/**
 * A snapshot store failed: the store cannot be opened (directory in use, unwritable, written by
 * an incompatible version) or a read or write failed. The message names the job, the snapshot
 * or the directory concerned and, where there is one, the fix.
 */
public class SnapshotStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the job, snapshot or directory
     */
    public SnapshotStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed, naming the job, snapshot or directory
     * @param cause   the underlying failure
     */
    public SnapshotStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
