package io.sluice.connectors.impl;

import java.io.IOException;

/**
 * Input that is not text in the reader's charset (under {@link io.sluice.connectors.BadBytesPolicy#FAIL}):
 * a malformed or unmappable byte sequence, or a NUL. The message says what and where, without the
 * file name (the caller adds it).
 */
public final class BadBytesException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    BadBytesException(String what, long offset, boolean charOffset) {
        super(what + " at " + (charOffset ? "character" : "byte") + " offset " + offset);
        this.offset = offset;
    }

    /** The offset of the first bad byte from the start of the input (for a NUL read through a non-ASCII-compatible charset: the character offset). */
    public long offset() {
        return offset;
    }
}
