package io.sluice.connectors.impl;

import io.sluice.connectors.BadBytesPolicy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the lines of a file with {@link java.io.BufferedReader#readLine()} semantics: a line ends
 * at {@code \n}, {@code \r} or {@code \r\n}; the terminator is not part of the line; a last line
 * without a terminator is returned; an empty file has no lines. Streaming: it holds one buffer,
 * plus the current line if that is longer.
 *
 * <p><b>Bad bytes.</b> A byte sequence that does not decode in the charset, or a NUL (text has
 * none; binary files nearly always do), is bad: under {@link BadBytesPolicy#FAIL} the reader
 * throws a {@link BadBytesException} with its offset from the start of the input; under
 * {@link BadBytesPolicy#REPLACE} each bad sequence and each NUL becomes one U+FFFD, exactly as
 * {@code new String(bytes, charset)} would replace it, and {@link #replacedCount()} counts them.
 *
 * <p><b>Two implementations.</b> For charsets in which the bytes {@code \n} and {@code \r} only
 * ever encode those characters and a NUL byte only NUL (UTF-8, US-ASCII, ISO-8859-1) lines are
 * split on bytes, and the scan for the line end also notes NUL bytes (one mask test per byte, for
 * the bytes 0-15, then the exact compares: measured as fast as the two compares for CR and LF
 * alone, where three compares cost about 3%). Each line is decoded with
 * {@code new String(bytes, off, len, charset)}, which has intrinsics for these charsets and
 * replaces every bad sequence with U+FFFD; so a line without NUL whose String has no U+FFFD is good
 * ({@code indexOf} takes no time on a Latin-1-only String). Only a line that has either is decoded
 * again, by a {@link CharsetDecoder} that reports each bad sequence and its position. Measured on
 * the 120 MB benchmark corpus (2 cores; 90% of its lines have a non-ASCII letter), in CPU time of
 * one thread, reading from memory: about the same as the splitter without the checks (see
 * docs/architecture.md); checking with a {@code CharsetDecoder} per line instead cost about 40%, a
 * separate {@code indexOf('\0')} per line about 9%. (The splitter itself: 455 ms against 620 ms for
 * {@code InputStreamReader} + {@code BufferedReader}, which decodes into a char buffer and then
 * copies each line out of it.) Other charsets are decoded in chunks by a {@link CharsetDecoder}
 * and split on chars; there, a NUL is located by its character offset.
 * Not thread-safe.
 */
public abstract class LineReader implements Closeable {
    /** Bytes read per system call. */
    static final int BUFFER_SIZE = 256 * 1024;
    static final char REPLACEMENT = '\uFFFD';
    private static final String NUL = "(text files have none: a binary file?)";

    final BadBytesPolicy policy;
    private long replaced;
    private String firstReplaced;

    LineReader(BadBytesPolicy policy) {
        this.policy = policy;
    }

    /** Opens {@code file} for reading in {@code charset}; bad bytes fail. */
    public static LineReader open(Path file, Charset charset) throws IOException {
        return open(file, charset, BadBytesPolicy.FAIL);
    }

    /** Opens {@code file} for reading in {@code charset}, treating bad bytes as {@code policy} says. */
    public static LineReader open(Path file, Charset charset, BadBytesPolicy policy) throws IOException {
        return open(Files.newInputStream(file), charset, policy, BUFFER_SIZE);
    }

    /** Reads lines from {@code in} (closed by {@link #close()}). */
    public static LineReader open(InputStream in, Charset charset, BadBytesPolicy policy, int bufferSize) {
        if (isAsciiCompatibleForLineSplitting(charset)) {
            return new ByteLineReader(in, charset, policy, bufferSize);
        }
        return new DecoderLineReader(in, charset, policy, bufferSize);
    }

    static boolean isAsciiCompatibleForLineSplitting(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
                || charset.equals(StandardCharsets.ISO_8859_1);
    }

    /**
     * The next line, or {@code null} at the end of the input.
     *
     * @throws BadBytesException under {@link BadBytesPolicy#FAIL}, at the first bad byte (the reader
     *                           cannot be used after that)
     */
    public abstract String readLine() throws IOException;

    /**
     * Where the next line starts, for a snapshot: {@code {byteOffset, 1 if a '\n' right there still
     * belongs to the previous line's "\r\n"}}, or {@code null} if this reader cannot tell a byte
     * offset (a charset decoded in chunks: count lines instead).
     */
    public long[] bytePosition() {
        return null;
    }

    /**
     * Moves a reader that has read nothing yet to a {@link #bytePosition()} it returned before (on
     * a reader of the same file and charset).
     *
     * @throws IOException if the file is shorter than that now
     */
    public void seek(long[] position) throws IOException {
        throw new UnsupportedOperationException("this reader has no byte positions: skip lines instead");
    }

    /** How many bad sequences (and NULs) were replaced with U+FFFD so far. */
    public long replacedCount() {
        return replaced;
    }

    /** Where the first replaced sequence was ("byte offset 3"), or {@code null} if none was. */
    public String firstReplaced() {
        return firstReplaced;
    }

    /** Counts {@code n} replacements; {@code where} is noted if they are the first. */
    final void replaced(long n, String where) {
        if (replaced == 0) {
            firstReplaced = where;
        }
        replaced += n;
    }

    static BadBytesException nul(long offset, boolean charOffset) {
        return new BadBytesException((charOffset ? "NUL character " : "NUL byte ") + NUL, offset, charOffset);
    }

    static BadBytesException bad(CoderResult r, byte[] b, int at, long offset) {
        StringBuilder hex = new StringBuilder();
        for (int k = at; k < at + Math.min(4, r.length()); k++) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("0x%02x", b[k] & 0xFF));
        }
        return new BadBytesException((r.isMalformed() ? "malformed" : "unmappable") + " input (" + hex + ")", offset, false);
    }

    static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Splits bytes on CR/LF and decodes each line; see the class comment. */
    static final class ByteLineReader extends LineReader {
        private final InputStream in;
        private final Charset charset;
        /** {@code null} for ISO-8859-1, where every byte decodes. */
        private final CharsetDecoder decoder;
        private byte[] buf;
        private int pos;
        private int limit;
        /** The input offset of {@code buf[0]}. */
        private long bufStart;
        private boolean eof;
        /** The previous line ended with '\r': a '\n' right after it belongs to the same terminator. */
        private boolean skipLf;
        /** The chars of a line that {@link #decode} decodes; grows to the longest such line. */
        private CharBuffer chars = CharBuffer.allocate(256);

        ByteLineReader(InputStream in, Charset charset, BadBytesPolicy policy, int bufferSize) {
            super(policy);
            this.in = in;
            this.charset = charset;
            this.decoder = charset.equals(StandardCharsets.ISO_8859_1) ? null : decoder(charset);
            this.buf = new byte[Math.max(16, bufferSize)];
        }

        @Override
        public String readLine() throws IOException {
            if (skipLf) {
                skipLf = false;
                if (pos == limit) {
                    refill();
                }
                if (pos < limit && buf[pos] == '\n') {
                    pos++;
                }
            }
            int scan = pos;
            boolean nul = false; // the line so far has a NUL byte
            for (;;) {
                final byte[] b = buf;
                final int lim = limit;
                for (int i = scan; i < lim; i++) {
                    byte c = b[i];
                    if ((c & 0xF0) == 0) { // a byte 0-15: the line ends, NUL, and rare control chars (tab)
                        if (c == '\n' || c == '\r') {
                            String line = line(b, pos, i, nul);
                            pos = i + 1;
                            skipLf = c == '\r';
                            return line;
                        }
                        nul |= c == 0;
                    }
                }
                if (eof) {
                    if (pos == limit) {
                        return null;
                    }
                    String line = line(b, pos, limit, nul);
                    pos = limit;
                    return line;
                }
                int scanned = limit - pos;
                refill();
                scan = pos + scanned;
            }
        }

        @Override
        public long[] bytePosition() {
            return new long[] {bufStart + pos, skipLf ? 1 : 0};
        }

        @Override
        public void seek(long[] position) throws IOException {
            if (bufStart != 0 || limit != 0) {
                throw new IllegalStateException("seek() only before the first readLine()");
            }
            try {
                in.skipNBytes(position[0]);
            } catch (java.io.EOFException e) {
                throw new IOException("the file is shorter than the position " + position[0]
                        + " saved in the snapshot: it changed since the snapshot was taken", e);
            }
            bufStart = position[0];
            skipLf = position[1] != 0;
        }

        /** Decodes the line {@code b[from, to)}; see the class comment. */
        private String line(byte[] b, int from, int to, boolean hasNul) throws BadBytesException {
            String line = new String(b, from, to - from, charset);
            if (!hasNul && line.indexOf(REPLACEMENT) < 0) {
                return line;
            }
            int nul = from;
            while (nul < to && b[nul] != 0) {
                nul++;
            }
            return decode(b, from, to, nul < to ? nul : -1);
        }

        /** Decodes {@code b[from, to)} with the reporting decoder: a line with a U+FFFD or a NUL ({@code nul}: the first, or -1). */
        private String decode(byte[] b, int from, int to, int nul) throws BadBytesException {
            if (nul >= 0 && policy == BadBytesPolicy.FAIL && decoder == null) {
                throw nul(bufStart + nul, false);
            }
            String line;
            int firstMalformed = -1;
            long malformed = 0;
            if (decoder == null) {
                line = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
            } else {
                CharBuffer out = chars.capacity() >= to - from ? chars.clear() : (chars = CharBuffer.allocate(to - from));
                ByteBuffer input = ByteBuffer.wrap(b, from, to - from);
                decoder.reset();
                for (;;) {
                    CoderResult r = decoder.decode(input, out, true);
                    if (r.isUnderflow()) {
                        r = decoder.flush(out);
                        if (r.isUnderflow()) {
                            break;
                        }
                    }
                    if (r.isOverflow()) {
                        // not for these charsets (a char per byte at most), but cheap to be safe
                        chars = CharBuffer.allocate(out.capacity() * 2).put(out.flip());
                        out = chars;
                        continue;
                    }
                    int at = input.position();
                    if (policy == BadBytesPolicy.FAIL) {
                        throw nul >= 0 && nul < at ? nul(bufStart + nul, false) : bad(r, b, at, bufStart + at);
                    }
                    if (firstMalformed < 0) {
                        firstMalformed = at;
                    }
                    malformed++;
                    out.put(REPLACEMENT); // fits: a replaced sequence is at least one byte
                    input.position(at + r.length());
                }
                line = new String(out.array(), 0, out.position());
            }
            if (nul >= 0) {
                if (policy == BadBytesPolicy.FAIL) {
                    throw nul(bufStart + nul, false);
                }
                long nuls = 0;
                for (int k = nul; k < to; k++) {
                    nuls += b[k] == 0 ? 1 : 0;
                }
                line = line.replace('\0', REPLACEMENT);
                malformed += nuls;
            }
            if (malformed > 0) {
                int first = firstMalformed < 0 ? nul : nul < 0 ? firstMalformed : Math.min(nul, firstMalformed);
                replaced(malformed, "byte offset " + (bufStart + first));
            }
            return line;
        }

        /** Moves the unread bytes to the front (growing the buffer for a long line) and reads more. */
        private void refill() throws IOException {
            if (eof) {
                return;
            }
            int unread = limit - pos;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, unread);
                bufStart += pos;
                pos = 0;
                limit = unread;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Any other charset: decodes chunks with a {@link CharsetDecoder} and splits lines on chars. */
    static final class DecoderLineReader extends LineReader {
        private final InputStream in;
        private final CharsetDecoder decoder;
        /** Undecoded bytes between position and limit (read mode). */
        private final ByteBuffer bytes;
        /** The input offset of {@code bytes.array()[0]}. */
        private long bytesStart;
        private char[] chars;
        /** Unread chars are {@code chars[start, limit)}. */
        private int start;
        private int limit;
        /** The character offset of {@code chars[0]}. */
        private long charsStart;
        /** The input is exhausted. */
        private boolean eof;
        /** The decoder is flushed: no more chars will come. */
        private boolean done;
        private boolean skipLf;

        DecoderLineReader(InputStream in, Charset charset, BadBytesPolicy policy, int bufferSize) {
            super(policy);
            this.in = in;
            this.decoder = decoder(charset);
            this.bytes = ByteBuffer.allocate(Math.max(16, bufferSize)).flip();
            this.chars = new char[Math.max(16, bufferSize)];
        }

        @Override
        public String readLine() throws IOException {
            if (skipLf) {
                skipLf = false;
                if (start == limit && !done) {
                    fill();
                }
                if (start < limit && chars[start] == '\n') {
                    start++;
                }
            }
            int scan = start;
            for (;;) {
                final char[] c = chars;
                for (int i = scan; i < limit; i++) {
                    char ch = c[i];
                    if (ch <= '\r') {
                        if (ch == '\n' || ch == '\r') {
                            String line = new String(c, start, i - start);
                            start = i + 1;
                            skipLf = ch == '\r';
                            return line;
                        }
                        if (ch == 0) {
                            if (policy == BadBytesPolicy.FAIL) {
                                throw nul(charsStart + i, true);
                            }
                            c[i] = REPLACEMENT;
                            replaced(1, "character offset " + (charsStart + i));
                        }
                    }
                }
                if (done) {
                    if (start == limit) {
                        return null;
                    }
                    String line = new String(c, start, limit - start);
                    start = limit;
                    return line;
                }
                int scanned = limit - start;
                fill();
                scan = start + scanned;
            }
        }

        /** Moves the unread chars to the front (growing the array if full) and decodes more, at least one char unless done. */
        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(chars, start, chars, 0, limit - start);
                charsStart += start;
                limit -= start;
                start = 0;
            }
            if (limit == chars.length) {
                chars = Arrays.copyOf(chars, chars.length * 2);
            }
            CharBuffer out = CharBuffer.wrap(chars, limit, chars.length - limit);
            while (out.position() == limit && !done) {
                CoderResult r = decoder.decode(bytes, out, eof);
                if (r.isUnderflow()) {
                    if (!eof) {
                        readMore();
                        continue;
                    }
                    r = decoder.flush(out);
                    if (r.isUnderflow()) {
                        done = true;
                        break;
                    }
                }
                if (r.isOverflow() || !out.hasRemaining()) { // no room (a surrogate pair needs two chars)
                    if (out.position() > limit) {
                        break;
                    }
                    chars = Arrays.copyOf(chars, chars.length * 2);
                    out = CharBuffer.wrap(chars, limit, chars.length - limit);
                    continue;
                }
                int at = bytes.position();
                if (policy == BadBytesPolicy.FAIL) {
                    throw bad(r, bytes.array(), at, bytesStart + at);
                }
                out.put(REPLACEMENT);
                bytes.position(at + r.length());
                replaced(1, "byte offset " + (bytesStart + at));
            }
            limit = out.position();
        }

        private void readMore() throws IOException {
            int consumed = bytes.position();
            bytes.compact(); // write mode: the undecoded bytes (an incomplete sequence) moved to the front
            bytesStart += consumed;
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
