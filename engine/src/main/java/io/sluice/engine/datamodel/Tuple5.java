package io.sluice.engine.datamodel;

import java.io.Serializable;

/**
 * An immutable 5-tuple. Components may be {@code null}; {@code equals}, {@code hashCode} and
 * {@code toString} are those of a record, as for {@link Tuple2} and {@link Tuple3}.
 *
 * <pre>{@code
 * Tuple5<String, Integer, Long, Double, Boolean> t = Tuple5.tuple5("a", 1, 2L, 3.0, true);
 * }</pre>
 *
 * @param f0 first component
 * @param f1 second component
 * @param f2 third component
 * @param f3 fourth component
 * @param f4 fifth component
 * @param <A> type of {@code f0}
 * @param <B> type of {@code f1}
 * @param <C> type of {@code f2}
 * @param <D> type of {@code f3}
 * @param <E> type of {@code f4}
 */
public record Tuple5<A, B, C, D, E>(A f0, B f1, C f2, D f3, E f4) implements Serializable {
    /** A new 5-tuple. */
    public static <A, B, C, D, E> Tuple5<A, B, C, D, E> tuple5(A f0, B f1, C f2, D f3, E f4) {
        return new Tuple5<>(f0, f1, f2, f3, f4);
    }
}
