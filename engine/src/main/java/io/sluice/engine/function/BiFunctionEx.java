package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable {@code java.util.function.BiFunction<T, U, R>} whose body may throw a checked exception. Sluice ships user
 * functions to every stage instance (on this and, later, other nodes), so they must be
 * serializable and should be stateless.
 *
 * <p>Implement {@link #applyEx}; an exception it throws is rethrown unchecked (checked ones wrapped
 * in a {@link RuntimeException}) and fails the job with that cause.
 */
@FunctionalInterface
public interface BiFunctionEx<T, U, R> extends java.util.function.BiFunction<T, U, R>, Serializable {
    /** Like the JDK method, but may throw any exception. */
    R applyEx(T t, U u) throws Exception;

    @Override
    default R apply(T t, U u) {
        try {
            return applyEx(t, u);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
