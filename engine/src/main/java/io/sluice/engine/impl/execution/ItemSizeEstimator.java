package io.sluice.engine.impl.execution;

import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.datamodel.WindowResult;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Estimates the heap bytes an item holds, so that the driver can seal a batch by bytes as well as
 * by items. It runs on every item an outlet batches, so it must cost a few nanoseconds:
 * <ul>
 * <li>{@code String}, {@code byte[]} (checked first, by exact class), other primitive arrays,
 * {@code CharSequence} and {@code ByteBuffer}: header plus payload. A string counts two bytes per
 * char (its real coder is not visible without reflection): an upper bound, exact for non-Latin-1
 * text.</li>
 * <li>The engine's data model wrappers ({@link TimestampedItem}, {@link Tuple2}, {@link Tuple3},
 * {@link WindowResult}, {@link KeyedWindowResult}, any {@link Map.Entry} such as
 * {@code KeyedResult}): header plus their parts, recursively.</li>
 * <li>{@code Object[]}, collections and maps: measured on up to {@value #SAMPLE} elements, the
 * rest extrapolated from them.</li>
 * <li>Anything else (boxed numbers, user objects): {@value #DEFAULT_ITEM_BYTES} bytes. The last
 * such class is remembered, so a stream of user objects costs a few class comparisons per item.
 * Objects that hold large payloads of their own are not seen: lower the batch size for them.</li>
 * </ul>
 *
 * <p>Strings and byte arrays are measured every time. A composite item (a wrapper, another array, a
 * collection) is measured in full when its class differs from the previous composite's and then
 * on every {@value #REMEASURE_EVERY}th item of a run of that class; the items in between count
 * as the last one measured. So a batch of composites whose sizes vary a lot may overshoot its
 * budget by a few items.
 *
 * <p>Estimates are of the order of the real size, not exact (compressed oops, 8-byte alignment and
 * shared sub-objects are ignored). Not thread-safe: one per outlet or driver.
 */
final class ItemSizeEstimator {
    /** What an item of a type the estimator cannot look into counts for. */
    static final int DEFAULT_ITEM_BYTES = 64;
    /** Elements of an array, collection or map that are measured; the rest are extrapolated. */
    static final int SAMPLE = 8;
    private static final int HEADER = 16;
    private static final int ARRAY_HEADER = 16;
    private static final int REFERENCE = 4;
    /** A String: the object (hash, coder, value) plus its array's header. */
    private static final int STRING_OVERHEAD = 24 + ARRAY_HEADER;
    /** Wrappers nest this deep at most before the rest counts as an opaque object (guards cycles). */
    private static final int MAX_DEPTH = 4;
    /** A composite item (not a string, byte array or opaque object) is measured in full once per this many in a row. */
    static final int REMEASURE_EVERY = 16;

    /** The last class found opaque: a stream of user objects costs three class comparisons per item. */
    private Class<?> lastOpaque;
    /** The last class measured in full, what it measured, and how many more of its items reuse that. */
    private Class<?> lastMeasured;
    private long lastMeasuredBytes;
    private int reuseLeft;

    /**
     * The estimated heap bytes of {@code item} (not null). Small enough to be inlined into the
     * outlet's loop: strings, byte arrays and opaque objects cost a few class comparisons.
     */
    long estimate(Object item) {
        Class<?> c = item.getClass();
        if (c == String.class) {
            return STRING_OVERHEAD + 2L * ((String) item).length();
        }
        if (c == byte[].class) {
            return ARRAY_HEADER + ((byte[]) item).length;
        }
        if (c == lastOpaque) {
            return DEFAULT_ITEM_BYTES;
        }
        if (c == lastMeasured && reuseLeft > 0) {
            reuseLeft--;
            return lastMeasuredBytes;
        }
        return measure(item, c);
    }

    /** Measures an item in full; a composite one is then reused for the next items of its class. */
    private long measure(Object item, Class<?> c) {
        long bytes = estimate(item, 0);
        if (c != lastOpaque) {
            lastMeasured = c;
            lastMeasuredBytes = bytes;
            reuseLeft = REMEASURE_EVERY - 1;
        }
        return bytes;
    }

    private long estimate(Object item, int depth) {
        if (item == null) {
            return 0;
        }
        Class<?> c = item.getClass();
        if (c == String.class) {
            return STRING_OVERHEAD + 2L * ((String) item).length();
        }
        if (c == byte[].class) {
            return ARRAY_HEADER + ((byte[]) item).length;
        }
        if (c == lastOpaque) {
            return DEFAULT_ITEM_BYTES;
        }
        if (depth >= MAX_DEPTH) {
            return DEFAULT_ITEM_BYTES;
        }
        if (c == TimestampedItem.class) {
            return HEADER + 8 + REFERENCE + estimate(((TimestampedItem<?>) item).item(), depth + 1);
        }
        if (c.isArray()) {
            return arrayBytes(item, c.getComponentType(), depth);
        }
        if (c == Tuple2.class) {
            Tuple2<?, ?> t = (Tuple2<?, ?>) item;
            return HEADER + 2 * REFERENCE + estimate(t.f0(), depth + 1) + estimate(t.f1(), depth + 1);
        }
        if (c == Tuple3.class) {
            Tuple3<?, ?, ?> t = (Tuple3<?, ?, ?>) item;
            return HEADER + 3 * REFERENCE + estimate(t.f0(), depth + 1) + estimate(t.f1(), depth + 1)
                    + estimate(t.f2(), depth + 1);
        }
        if (c == WindowResult.class) {
            return HEADER + 24 + estimate(((WindowResult<?>) item).result(), depth + 1);
        }
        if (c == KeyedWindowResult.class) {
            KeyedWindowResult<?, ?> r = (KeyedWindowResult<?, ?>) item;
            return HEADER + 24 + estimate(r.key(), depth + 1) + estimate(r.result(), depth + 1);
        }
        if (item instanceof Map.Entry<?, ?> e) {
            return HEADER + 2 * REFERENCE + estimate(e.getKey(), depth + 1) + estimate(e.getValue(), depth + 1);
        }
        if (item instanceof CharSequence s) {
            return STRING_OVERHEAD + 2L * s.length();
        }
        if (item instanceof Collection<?> coll) {
            return HEADER + 16 + elementsBytes(coll.iterator(), coll.size(), depth);
        }
        if (item instanceof Map<?, ?> map) {
            // a hash map: the table (a reference per entry) and the entries (each a Map.Entry)
            return HEADER + 32 + (long) REFERENCE * map.size() + elementsBytes(map.entrySet().iterator(), map.size(), depth);
        }
        if (item instanceof ByteBuffer b) {
            return HEADER + 32 + (b.hasArray() ? ARRAY_HEADER + b.capacity() : b.capacity());
        }
        lastOpaque = c;
        return DEFAULT_ITEM_BYTES;
    }

    private long arrayBytes(Object array, Class<?> component, int depth) {
        if (!component.isPrimitive()) {
            Object[] a = (Object[]) array;
            return ARRAY_HEADER + (long) REFERENCE * a.length + elementsBytes(Arrays.asList(a).iterator(), a.length, depth);
        }
        int length = Array.getLength(array);
        int width = component == long.class || component == double.class ? 8
                : component == int.class || component == float.class ? 4
                : component == char.class || component == short.class ? 2 : 1;
        return ARRAY_HEADER + (long) width * length;
    }

    /** Measures up to {@link #SAMPLE} of {@code size} elements and extrapolates to all of them. */
    private long elementsBytes(Iterator<?> it, int size, int depth) {
        long sampled = 0;
        int n = 0;
        while (n < SAMPLE && it.hasNext()) {
            sampled += estimate(it.next(), depth + 1);
            n++;
        }
        return n == 0 ? 0 : n == size ? sampled : sampled * size / n;
    }
}
