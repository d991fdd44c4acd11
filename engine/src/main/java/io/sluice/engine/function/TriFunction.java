package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable function of three arguments whose body may throw.
 *
 * @param <T0> first argument
 * @param <T1> second argument
 * @param <T2> third argument
 * @param <R>  result
 */
@FunctionalInterface
public interface TriFunction<T0, T1, T2, R> extends Serializable {
    /** Applies the function; may throw any exception. */
    R applyEx(T0 t0, T1 t1, T2 t2) throws Exception;

    /** Applies the function, rethrowing checked exceptions unchecked. */
    default R apply(T0 t0, T1 t1, T2 t2) {
        try {
            return applyEx(t0, t1, t2);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
