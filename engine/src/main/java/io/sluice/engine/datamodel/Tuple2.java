package io.sluice.engine.datamodel;

import java.io.Serializable;

/**
 * An immutable pair.
 *
 * @param f0 first component
 * @param f1 second component
 */
public record Tuple2<A, B>(A f0, B f1) implements Serializable {
    /** A new pair. */
    public static <A, B> Tuple2<A, B> tuple2(A f0, B f1) {
        return new Tuple2<>(f0, f1);
    }
}
