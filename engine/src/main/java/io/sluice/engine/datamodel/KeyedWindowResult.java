package io.sluice.engine.datamodel;

import java.util.Map;
import java.util.Objects;

/**
 * The result of a keyed window aggregation: a {@link WindowResult} with the grouping key. Also a
 * {@link Map.Entry} of the key and the result, as in Hazelcast Jet, so it can feed operations that
 * take entries (such as {@code JoinClause.joinMapEntries} and map sinks).
 *
 * <pre>{@code
 * StreamStage<KeyedWindowResult<String, Long>> volumes = trades
 *         .groupingKey(Trade::symbol)
 *         .window(WindowDefinition.sliding(3_000, 1_000))
 *         .aggregate(summingLong(Trade::quantity));
 * volumes.map(r -> r.key() + " " + r.result() + " until " + r.end());
 * }</pre>
 *
 * <p><b>Equality.</b> Unlike the general contract of {@code Map.Entry}, {@code equals} and
 * {@code hashCode} take the window into account (as in Jet): a {@code KeyedWindowResult} equals
 * only another {@code KeyedWindowResult} with the same window, key, result and earliness, so that
 * results of different windows stay distinct in sets and assertions. Sluice's own
 * {@link KeyedResult} never equals a window result either; a JDK entry (such as
 * {@code Map.entry(k, v)}) may still report equality with one, so do not mix the two in one set.
 *
 * @param <K> key type
 * @param <R> result type
 */
public class KeyedWindowResult<K, R> extends WindowResult<R> implements Map.Entry<K, R> {
    private static final long serialVersionUID = 1L;

    private final K key;

    /**
     * A keyed window result.
     *
     * @param start   window start (inclusive)
     * @param end     window end (exclusive); the result travels with timestamp {@code end - 1}, so a
     *                following window of the same slide groups it by the same end
     * @param key     the grouping key, not {@code null}
     * @param result  the aggregated value; nullable
     * @param isEarly whether this is an early (incomplete) result, to be followed by the final one
     */
    public KeyedWindowResult(long start, long end, K key, R result, boolean isEarly) {
        super(start, end, result, isEarly);
        this.key = key;
    }

    /** A final (not early) result; see {@link #KeyedWindowResult(long, long, Object, Object, boolean)}. */
    public KeyedWindowResult(long start, long end, K key, R result) {
        this(start, end, key, result, false);
    }

    /** The grouping key. */
    public K key() {
        return key;
    }

    /** The grouping key: {@link #key()}, as a {@code Map.Entry}. */
    @Override
    public K getKey() {
        return key;
    }

    /** The aggregated value: {@link #result()}, as a {@code Map.Entry}. */
    @Override
    public R getValue() {
        return result();
    }

    /** Not supported: results are immutable. */
    @Override
    public R setValue(R value) {
        throw new UnsupportedOperationException("KeyedWindowResult is immutable");
    }

    /** Equal to a {@code KeyedWindowResult} with equal window, key, result and earliness. */
    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(key, ((KeyedWindowResult<?, ?>) o).key);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hashCode(key);
    }

    /** For example {@code KeyedWindowResult[start=0, end=1000, key=a, result=42, isEarly=false]}. */
    @Override
    public String toString() {
        return "KeyedWindowResult[start=" + start() + ", end=" + end() + ", key=" + key + ", result=" + result()
                + ", isEarly=" + isEarly() + ']';
    }
}
