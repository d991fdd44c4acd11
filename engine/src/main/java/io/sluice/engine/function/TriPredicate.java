package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable predicate of three arguments that may throw, for example the keyed
 * {@code filterUsingService(serviceFactory, (service, key, item) -> ...)}.
 *
 * @param <T0> first argument type
 * @param <T1> second argument type
 * @param <T2> third argument type
 */
@FunctionalInterface
public interface TriPredicate<T0, T1, T2> extends Serializable {
    /** Evaluates the predicate; may throw any exception. */
    boolean testEx(T0 t0, T1 t1, T2 t2) throws Exception;

    /** Evaluates the predicate, rethrowing checked exceptions unchecked. */
    default boolean test(T0 t0, T1 t1, T2 t2) {
        try {
            return testEx(t0, t1, t2);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
