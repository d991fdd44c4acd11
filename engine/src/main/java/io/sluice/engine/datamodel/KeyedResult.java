package io.sluice.engine.datamodel;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a keyed aggregation: a key and its aggregated value. Also a {@link Map.Entry},
 * so it can feed {@code JoinClause.joinMapEntries} and map sinks. It equals any {@code Map.Entry}
 * with an equal key and value, as the {@code Map.Entry} contract asks, except a
 * {@link KeyedWindowResult}, whose equality also includes the window (so that the two stay
 * symmetric).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KeyedResult<K, V> implements Map.Entry<K, V>, Serializable {
    private final K key;
    private final V value;

    private KeyedResult(K key, V value) {
        this.key = key;
        this.value = value;
    }

    /** A result of {@code value} for {@code key}. */
    public static <K, V> KeyedResult<K, V> of(K key, V value) {
        return new KeyedResult<>(key, value);
    }

    public K key() {
        return key;
    }

    public V value() {
        return value;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    /** Not supported: results are immutable. */
    @Override
    public V setValue(V value) {
        throw new UnsupportedOperationException("KeyedResult is immutable");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Map.Entry<?, ?> e && !(o instanceof WindowResult<?>)
                && Objects.equals(key, e.getKey()) && Objects.equals(value, e.getValue());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key) ^ Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
