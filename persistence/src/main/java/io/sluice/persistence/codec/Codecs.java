package io.sluice.persistence.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The registry of codecs and the entry point to encode and decode values.
 *
 * <pre>{@code
 * Codecs codecs = Codecs.create();
 * byte[] chunk = codecs.encode(Map.of("a", new LongAccumulator(3)));
 * Object back = codecs.decode(chunk);    // a HashMap {a=LongAccumulator(3)}
 * }</pre>
 *
 * <h2>Format</h2>
 * A chunk (one top-level value) is {@code [format version][value][CRC32C]}: one byte
 * {@link #FORMAT_VERSION}, the value, and the CRC32C of all preceding bytes as 4 big-endian
 * bytes. A value is its type id as a varint followed by the payload its {@link Codec} writes;
 * nested values are values again. {@link #decode} checks the checksum first, then the version,
 * then that the value used the whole chunk, and fails with a {@link CodecException} naming the
 * problem.
 *
 * <h2>Type ids</h2>
 * Ids 0..{@value #FIRST_USER_TYPE_ID}-1 are the built-in codecs (see {@code BuiltInCodecs}:
 * null, boxed primitives, String, arrays, the engine's tuples, results, accumulators and
 * collections) and {@value #KRYO_TYPE_ID} is the Kryo fallback. They are part of the format:
 * never renumber one, only add. Users register their own codecs at
 * {@value #FIRST_USER_TYPE_ID} or above, identically on every node that reads the data.
 *
 * <h2>Lookup</h2>
 * The exact class first; then any other {@link SortedMap} is written as a TreeMap (its
 * comparator included), {@link Map} as a HashMap, {@link Set} as a HashSet, {@link List} as an
 * ArrayList (so {@code List.of(..)} decodes as an ArrayList); anything else goes to Kryo.
 *
 * <h2>Threading</h2>
 * A {@code Codecs} is <b>not thread-safe</b>: it owns a reusable output buffer and a Kryo
 * instance, neither of which may be shared. Use one per thread (or per actor / processor
 * instance); creating one is cheap (microseconds, a Kryo instance and a few maps).
 */
public final class Codecs {

    /** The format version byte every chunk starts with. */
    public static final int FORMAT_VERSION = 1;

    /** The first type id free for {@link #register user codecs}. */
    public static final int FIRST_USER_TYPE_ID = 64;

    /** The type id of values written by the Kryo fallback. */
    public static final int KRYO_TYPE_ID = 63;

    private static final int CHECKSUM_BYTES = 4;

    /** Buffers that grew beyond this for one large chunk are dropped afterwards, not kept. */
    static final int MAX_RETAINED_BUFFER = 4 << 20;

    private final Map<Class<?>, Entry<?>> byClass = new HashMap<>();
    private Entry<?>[] byId = new Entry<?>[FIRST_USER_TYPE_ID];
    private final Output chunkOutput = new Output(this, 256);
    private final KryoFallback kryo = new KryoFallback();
    private final CRC32C crc = new CRC32C();

    record Entry<T>(Class<T> type, int id, Codec<T> codec) {
    }

    private Codecs() {
    }

    /**
     * Creates a registry with every built-in codec and the Kryo fallback.
     *
     * @return a new registry, for use by one thread
     */
    public static Codecs create() {
        Codecs codecs = new Codecs();
        BuiltInCodecs.registerAll(codecs);
        return codecs;
    }

    /**
     * Registers a codec for exactly {@code type} (not its subclasses) under {@code typeId}.
     * Register the same ids on every node and keep them stable: they are stored in the data.
     * <pre>{@code
     * codecs.register(Point.class, 100, new PointCodec());
     * }</pre>
     *
     * @param type   the class, not null
     * @param typeId an id of at least {@value #FIRST_USER_TYPE_ID}, not yet used
     * @param codec  the codec, not null
     * @param <T>    the type
     * @return this registry
     */
    public <T> Codecs register(Class<T> type, int typeId, Codec<T> codec) {
        if (typeId < FIRST_USER_TYPE_ID) {
            throw new IllegalArgumentException("typeId must be at least " + FIRST_USER_TYPE_ID
                    + " (lower ids are the built-in codecs), but was " + typeId + " for " + type.getName());
        }
        return registerInternal(type, typeId, codec);
    }

    <T> Codecs registerInternal(Class<T> type, int typeId, Codec<T> codec) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(codec, "codec must not be null");
        if (typeId >= byId.length) {
            byId = Arrays.copyOf(byId, Math.max(typeId + 1, byId.length * 2));
        }
        if (byId[typeId] != null) {
            throw new IllegalArgumentException("typeId " + typeId + " is already used by "
                    + byId[typeId].type().getName() + "; choose another id for " + type.getName());
        }
        if (byClass.containsKey(type)) {
            throw new IllegalArgumentException(type.getName() + " already has a codec (type id "
                    + byClass.get(type).id() + ")");
        }
        Entry<T> e = new Entry<>(type, typeId, codec);
        byId[typeId] = e;
        byClass.put(type, e);
        return this;
    }

    /**
     * Encodes a value, null included, as one self-contained chunk with version and checksum.
     * <pre>{@code
     * byte[] chunk = codecs.encode(Tuple2.tuple2(1L, "a"));
     * }</pre>
     *
     * @param value any value; types without a codec go through Kryo
     * @return the chunk
     * @throws CodecException when the value (or a nested one) cannot be encoded; the message
     *                        names the class
     */
    public byte[] encode(Object value) {
        Output out = chunkOutput;
        out.reset();
        out.writeByte(FORMAT_VERSION);
        kryo.reset();
        try {
            writeValue(value, out);
        } finally {
            kryo.reset();
        }
        crc.reset();
        crc.update(out.buffer(), 0, out.position());
        out.writeInt((int) crc.getValue());
        byte[] chunk = out.toByteArray();
        out.reset(MAX_RETAINED_BUFFER);
        return chunk;
    }

    /**
     * Decodes a chunk written by {@link #encode}.
     * <pre>{@code
     * Object value = codecs.decode(chunk);
     * }</pre>
     *
     * @param chunk the chunk, not null
     * @return the value
     * @throws CodecException when the chunk is truncated or corrupt (checksum mismatch), has
     *                        another format version, or names an unknown type id
     */
    public Object decode(byte[] chunk) {
        return decode(chunk, 0, chunk.length);
    }

    /**
     * Decodes a chunk stored in {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @param bytes  the array
     * @param offset where the chunk starts
     * @param length the length of the chunk
     * @return the value
     * @throws CodecException as {@link #decode(byte[])}
     */
    public Object decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length < 1 + CHECKSUM_BYTES + 1) {
            throw new CodecException("truncated chunk: " + length + " bytes, but a chunk has at least "
                    + (2 + CHECKSUM_BYTES) + " (version, type id, checksum)");
        }
        int end = offset + length - CHECKSUM_BYTES;
        crc.reset();
        crc.update(bytes, offset, end - offset);
        int computed = (int) crc.getValue();
        Input tail = new Input(this, bytes, end, offset + length);
        int stored = tail.readInt();
        if (stored != computed) {
            throw new CodecException(String.format("corrupt chunk: CRC32C checksum mismatch (stored %08x, computed"
                    + " %08x) over %d bytes; the data was damaged or truncated", stored, computed, length));
        }
        int version = bytes[offset] & 0xFF;
        if (version != FORMAT_VERSION) {
            throw new CodecException("unsupported codec format version " + version + " (this build reads version "
                    + FORMAT_VERSION + "); the data was written by another Sluice version");
        }
        Input in = new Input(this, bytes, offset + 1, end);
        Object value;
        kryo.reset();
        try {
            value = readValue(in);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            // only a chunk with a valid checksum gets here: written by a codec that does not
            // match the one reading it
            throw new CodecException("cannot decode a chunk of " + length + " bytes: " + e
                    + "; was it written with other codecs registered?", e);
        } finally {
            kryo.reset();
        }
        if (in.position() != end) {
            throw new CodecException("cannot decode a chunk of " + length + " bytes: " + (end - in.position())
                    + " bytes left over after the value; was it written with other codecs registered?");
        }
        return value;
    }

    void writeValue(Object value, Output out) {
        if (value == null) {
            out.writeVarInt(BuiltInCodecs.NULL_ID);
            return;
        }
        Entry<?> e = lookup(value.getClass(), value);
        if (e == null) {
            out.writeVarInt(KRYO_TYPE_ID);
            kryo.write(value, out);
            return;
        }
        out.writeVarInt(e.id());
        writePayload(e, value, out);
    }

    @SuppressWarnings("unchecked")
    private static <T> void writePayload(Entry<T> e, Object value, Output out) {
        e.codec().write((T) value, out);
    }

    private Entry<?> lookup(Class<?> type, Object value) {
        Entry<?> e = byClass.get(type);
        if (e != null) {
            return e;
        }
        if (value instanceof SortedMap<?, ?>) {
            return byClass.get(TreeMap.class);
        }
        if (value instanceof Map<?, ?>) {
            return byClass.get(HashMap.class);
        }
        if (value instanceof Set<?>) {
            return byClass.get(HashSet.class);
        }
        if (value instanceof List<?>) {
            return byClass.get(ArrayList.class);
        }
        return null;
    }

    Object readValue(Input in) {
        int at = in.position();
        int id = in.readVarInt();
        if (id == BuiltInCodecs.NULL_ID) {
            return null;
        }
        if (id == KRYO_TYPE_ID) {
            return kryo.read(in);
        }
        Entry<?> e = id >= 0 && id < byId.length ? byId[id] : null;
        if (e == null) {
            throw new CodecException("unknown type id " + id + " at position " + at
                    + ": register the codec that wrote it (Codecs.register) before decoding");
        }
        return e.codec().read(in);
    }
}
