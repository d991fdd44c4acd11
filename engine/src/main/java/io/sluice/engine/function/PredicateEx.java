package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable {@code java.util.function.Predicate<T>} whose body may throw a checked exception. Sluice ships user
 * functions to every stage instance (on this and, later, other nodes), so they must be
 * serializable and should be stateless.
 *
 * <p>Implement {@link #testEx}; an exception it throws is rethrown unchecked (checked ones wrapped
 * in a {@link RuntimeException}) and fails the job with that cause.
 */
@FunctionalInterface
public interface PredicateEx<T> extends java.util.function.Predicate<T>, Serializable {
    /** Like the JDK method, but may throw any exception. */
    boolean testEx(T t) throws Exception;

    @Override
    default boolean test(T t) {
        try {
            return testEx(t);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
