package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable {@code java.util.function.BinaryOperator<T>} whose body may throw a checked exception. Sluice ships user
 * functions to every stage instance (on this and, later, other nodes), so they must be
 * serializable and should be stateless.
 *
 * <p>Implement {@link #applyEx}; an exception it throws is rethrown unchecked (checked ones wrapped
 * in a {@link RuntimeException}) and fails the job with that cause.
 */
@FunctionalInterface
public interface BinaryOperatorEx<T> extends java.util.function.BinaryOperator<T>, Serializable {
    /** Like the JDK method, but may throw any exception. */
    T applyEx(T t, T u) throws Exception;

    @Override
    default T apply(T t, T u) {
        try {
            return applyEx(t, u);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
