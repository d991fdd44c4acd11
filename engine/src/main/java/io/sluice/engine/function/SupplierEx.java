package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable {@code java.util.function.Supplier<T>} whose body may throw a checked exception. Sluice ships user
 * functions to every stage instance (on this and, later, other nodes), so they must be
 * serializable and should be stateless.
 *
 * <p>Implement {@link #getEx}; an exception it throws is rethrown unchecked (checked ones wrapped
 * in a {@link RuntimeException}) and fails the job with that cause.
 */
@FunctionalInterface
public interface SupplierEx<T> extends java.util.function.Supplier<T>, Serializable {
    /** Like the JDK method, but may throw any exception. */
    T getEx() throws Exception;

    @Override
    default T get() {
        try {
            return getEx();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
