package io.sluice.connectors;

/**
 * What a text source does with bytes that are not text in its charset: a byte sequence that does
 * not decode (for example the Latin-1 {@code é}, byte {@code 0xE9}, in a file read as UTF-8), or a
 * NUL byte, which text files do not contain and binary files nearly always do.
 *
 * <pre>{@code
 * Sources.filesBuilder("logs/")
 *        .onBadBytes(BadBytesPolicy.REPLACE)     // default FAIL
 *        .build();
 * }</pre>
 */
public enum BadBytesPolicy {
    /**
     * The job fails at the first bad byte, with a message naming the file and the byte offset (for
     * a charset in which line ends are not single bytes, a NUL is located by character offset).
     */
    FAIL,
    /**
     * Each bad sequence (each NUL byte) becomes one U+FFFD REPLACEMENT CHARACTER, as the JDK's
     * decoders replace malformed input; the source logs a warning with the count at the end of each
     * file that had any.
     */
    REPLACE
}
