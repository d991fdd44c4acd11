package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable {@code java.util.function.ToLongFunction<T>} whose body may throw a checked exception. Sluice ships user
 * functions to every stage instance (on this and, later, other nodes), so they must be
 * serializable and should be stateless.
 *
 * <p>Implement {@link #applyAsLongEx}; an exception it throws is rethrown unchecked (checked ones wrapped
 * in a {@link RuntimeException}) and fails the job with that cause.
 */
@FunctionalInterface
public interface ToLongFunctionEx<T> extends java.util.function.ToLongFunction<T>, Serializable {
    /** Like the JDK method, but may throw any exception. */
    long applyAsLongEx(T t) throws Exception;

    @Override
    default long applyAsLong(T t) {
        try {
            return applyAsLongEx(t);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
