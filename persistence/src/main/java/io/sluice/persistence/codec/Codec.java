package io.sluice.persistence.codec;

/**
 * Writes and reads the payload of one type. The type id is written by {@link Codecs}, not by
 * the codec; nested values of any type go through {@link Output#writeObject(Object)} and
 * {@link Input#readObject()}, which use the registry again.
 *
 * <pre>{@code
 * Codec<Point> pointCodec = new Codec<>() {
 *     public void write(Point p, Output out) { out.writeVarLong(p.x()); out.writeVarLong(p.y()); }
 *     public Point read(Input in) { return new Point(in.readVarLong(), in.readVarLong()); }
 * };
 * Codecs codecs = Codecs.create().register(Point.class, 100, pointCodec);
 * }</pre>
 *
 * <p>A codec must be stateless or confined to the thread of the {@link Codecs} it is
 * registered with.
 *
 * @param <T> the type this codec handles
 */
public interface Codec<T> {

    /**
     * Writes the payload of a non-null value.
     *
     * @param value the value, not null
     * @param out   where to write
     */
    void write(T value, Output out);

    /**
     * Reads a payload written by {@link #write}.
     *
     * @param in where to read from
     * @return the value, not null
     */
    T read(Input in);
}
