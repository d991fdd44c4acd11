package io.sluice.persistence.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that codecs write to. Integers are big-endian; {@code varint}s use 7
 * bits per byte (zig-zag for the signed {@code writeVarLong}). Not thread-safe.
 *
 * <pre>{@code
 * out.writeVarInt(list.size());
 * for (Object o : list) out.writeObject(o);
 * }</pre>
 */
public final class Output {
    private final Codecs codecs;
    private byte[] buf;
    private int pos;

    Output(Codecs codecs, int initialCapacity) {
        this.codecs = codecs;
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Empties the buffer, keeping its capacity. */
    void reset() {
        pos = 0;
    }

    /** Empties the buffer and drops it when it grew beyond {@code maxRetained} bytes. */
    void reset(int maxRetained) {
        pos = 0;
        if (buf.length > maxRetained) {
            buf = new byte[256];
        }
    }

    /**
     * The number of bytes written.
     *
     * @return the position
     */
    public int position() {
        return pos;
    }

    byte[] buffer() {
        return buf;
    }

    /**
     * A copy of the bytes written so far.
     *
     * @return a new array of {@link #position()} bytes
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            int needed = pos + more;
            if (needed < 0) {
                throw new CodecException("the encoded value is larger than 2 GB");
            }
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }

    /**
     * Writes one byte.
     *
     * @param b the byte (the low 8 bits)
     */
    public void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    /**
     * Writes a boolean as one byte.
     *
     * @param b the value
     */
    public void writeBoolean(boolean b) {
        writeByte(b ? 1 : 0);
    }

    /**
     * Writes 2 bytes.
     *
     * @param v the value (the low 16 bits)
     */
    public void writeShort(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    /**
     * Writes 4 bytes.
     *
     * @param v the value
     */
    public void writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    /**
     * Writes 8 bytes.
     *
     * @param v the value
     */
    public void writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    /**
     * Writes a float as its 4 IEEE 754 bytes.
     *
     * @param v the value
     */
    public void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    /**
     * Writes a double as its 8 IEEE 754 bytes.
     *
     * @param v the value
     */
    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    /**
     * Writes an unsigned varint: 1 byte for 0..127, up to 5 bytes; negative values take 5.
     *
     * @param v the value, meant for sizes and ids
     */
    public void writeVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /**
     * Writes a signed long as a zig-zag varint: 1 byte for -64..63, up to 10 bytes.
     *
     * @param v the value
     */
    public void writeVarLong(long v) {
        ensure(10);
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[pos++] = (byte) z;
    }

    /**
     * Writes a non-null string as a varint byte length and its UTF-8 bytes.
     *
     * @param s the string, not null
     */
    public void writeString(String s) {
        int n = s.length();
        // ASCII fast path: one byte per char, no intermediate array
        ensure(5 + n);
        int start = pos;
        writeVarInt(n);
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start;
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                writeVarInt(utf8.length);
                writeBytes(utf8, 0, utf8.length);
                return;
            }
            buf[p++] = (byte) c;
        }
        pos = p;
    }

    /**
     * Writes raw bytes, without a length.
     *
     * @param b   the array
     * @param off the first byte
     * @param len how many bytes
     */
    public void writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /**
     * Writes any value, null included, with its type id, through the registry of the
     * {@link Codecs} this output belongs to.
     *
     * @param value the value or null
     */
    public void writeObject(Object value) {
        codecs.writeValue(value, this);
    }
}
