package io.sluice.persistence.codec;

/**
 * A value could not be encoded or a chunk could not be decoded. The message names the problem
 * (class, type id, checksum, version) and, where there is one, the fix.
 */
public final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public CodecException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
