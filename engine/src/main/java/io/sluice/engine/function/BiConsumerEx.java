package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable {@code java.util.function.BiConsumer<T, U>} whose body may throw a checked exception. Sluice ships user
 * functions to every stage instance (on this and, later, other nodes), so they must be
 * serializable and should be stateless.
 *
 * <p>Implement {@link #acceptEx}; an exception it throws is rethrown unchecked (checked ones wrapped
 * in a {@link RuntimeException}) and fails the job with that cause.
 */
@FunctionalInterface
public interface BiConsumerEx<T, U> extends java.util.function.BiConsumer<T, U>, Serializable {
    /** Like the JDK method, but may throw any exception. */
    void acceptEx(T t, U u) throws Exception;

    @Override
    default void accept(T t, U u) {
        try {
            acceptEx(t, u);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
