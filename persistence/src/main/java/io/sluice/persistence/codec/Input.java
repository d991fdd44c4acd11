package io.sluice.persistence.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads what an {@link Output} wrote, from a byte array range. Reading past the end fails with
 * a {@link CodecException} naming the position. Not thread-safe.
 *
 * <pre>{@code
 * int size = in.readVarInt();
 * for (int i = 0; i < size; i++) list.add(in.readObject());
 * }</pre>
 */
public final class Input {
    private final Codecs codecs;
    private final byte[] buf;
    private int pos;
    private final int limit;

    Input(Codecs codecs, byte[] buf, int offset, int limit) {
        this.codecs = codecs;
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
    }

    /**
     * The position of the next byte to read.
     *
     * @return the position in the underlying array
     */
    public int position() {
        return pos;
    }

    int limit() {
        return limit;
    }

    byte[] buffer() {
        return buf;
    }

    void skip(int n) {
        need(n);
        pos += n;
    }

    private void need(int n) {
        if (n < 0 || limit - pos < n) {
            throw new CodecException("truncated data: needed " + n + " more bytes at position " + pos
                    + " but only " + (limit - pos) + " remain");
        }
    }

    /**
     * Reads one byte.
     *
     * @return the byte
     */
    public byte readByte() {
        need(1);
        return buf[pos++];
    }

    /**
     * Reads a boolean written by {@link Output#writeBoolean}.
     *
     * @return the value
     */
    public boolean readBoolean() {
        return readByte() != 0;
    }

    /**
     * Reads 2 bytes.
     *
     * @return the value as a short
     */
    public short readShort() {
        need(2);
        int v = (buf[pos] & 0xFF) << 8 | (buf[pos + 1] & 0xFF);
        pos += 2;
        return (short) v;
    }

    /**
     * Reads 4 bytes.
     *
     * @return the value
     */
    public int readInt() {
        need(4);
        int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /**
     * Reads 8 bytes.
     *
     * @return the value
     */
    public long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (buf[pos++] & 0xFF);
        }
        return v;
    }

    /**
     * Reads a float.
     *
     * @return the value
     */
    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    /**
     * Reads a double.
     *
     * @return the value
     */
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    /**
     * Reads an unsigned varint written by {@link Output#writeVarInt}.
     *
     * @return the value
     */
    public int readVarInt() {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = readByte();
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new CodecException("malformed varint ending at position " + pos);
    }

    /**
     * Reads a zig-zag varint written by {@link Output#writeVarLong}.
     *
     * @return the value
     */
    public long readVarLong() {
        long z = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = readByte();
            z |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw new CodecException("malformed varint ending at position " + pos);
    }

    /**
     * Reads a length written with {@link Output#writeVarInt} and checks that it is not negative
     * and fits in the remaining bytes times {@code bytesPerElement}.
     *
     * @param bytesPerElement the least number of bytes one element takes (0 when unknown)
     * @return the length
     */
    public int readLength(int bytesPerElement) {
        int n = readVarInt();
        if (n < 0 || (bytesPerElement > 0 && (long) n * bytesPerElement > limit - pos)) {
            throw new CodecException("invalid length " + n + " at position " + pos + " with " + (limit - pos)
                    + " bytes remaining: the data is corrupt");
        }
        return n;
    }

    /**
     * Reads a string written by {@link Output#writeString}.
     *
     * @return the string
     */
    public String readString() {
        int n = readLength(1);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /**
     * Reads {@code len} raw bytes into a new array.
     *
     * @param len how many bytes
     * @return the bytes
     */
    public byte[] readBytes(int len) {
        need(len);
        byte[] b = new byte[len];
        System.arraycopy(buf, pos, b, 0, len);
        pos += len;
        return b;
    }

    /**
     * Reads any value written by {@link Output#writeObject}.
     *
     * @return the value or null
     */
    public Object readObject() {
        return codecs.readValue(this);
    }
}
