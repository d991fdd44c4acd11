package io.sluice.engine.datamodel;

import java.io.Serializable;

/**
 * An immutable 4-tuple. Components may be {@code null}; {@code equals}, {@code hashCode} and
 * {@code toString} are those of a record, as for {@link Tuple2} and {@link Tuple3}.
 *
 * <pre>{@code
 * Tuple4<String, Integer, Long, Double> t = Tuple4.tuple4("a", 1, 2L, 3.0);
 * }</pre>
 *
 * @param f0 first component
 * @param f1 second component
 * @param f2 third component
 * @param f3 fourth component
 * @param <A> type of {@code f0}
 * @param <B> type of {@code f1}
 * @param <C> type of {@code f2}
 * @param <D> type of {@code f3}
 */
public record Tuple4<A, B, C, D>(A f0, B f1, C f2, D f3) implements Serializable {
    /** A new 4-tuple. */
    public static <A, B, C, D> Tuple4<A, B, C, D> tuple4(A f0, B f1, C f2, D f3) {
        return new Tuple4<>(f0, f1, f2, f3);
    }
}
