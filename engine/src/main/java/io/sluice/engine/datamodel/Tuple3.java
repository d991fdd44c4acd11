package io.sluice.engine.datamodel;

import java.io.Serializable;

/**
 * An immutable triple.
 *
 * @param f0 first component
 * @param f1 second component
 * @param f2 third component
 */
public record Tuple3<A, B, C>(A f0, B f1, C f2) implements Serializable {
    /** A new triple. */
    public static <A, B, C> Tuple3<A, B, C> tuple3(A f0, B f1, C f2) {
        return new Tuple3<>(f0, f1, f2);
    }
}
