package io.sluice.engine.function;

import java.io.Serializable;

/**
 * A serializable {@code java.util.Comparator<T>} whose body may throw a checked exception. Sluice ships user
 * functions to every stage instance (on this and, later, other nodes), so they must be
 * serializable and should be stateless.
 *
 * <p>Implement {@link #compareEx}; an exception it throws is rethrown unchecked (checked ones wrapped
 * in a {@link RuntimeException}) and fails the job with that cause.
 */
@FunctionalInterface
public interface ComparatorEx<T> extends java.util.Comparator<T>, Serializable {
    /** Like the JDK method, but may throw any exception. */
    int compareEx(T o1, T o2) throws Exception;

    @Override
    default int compare(T o1, T o2) {
        try {
            return compareEx(o1, o2);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** Natural order, serializable. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> ComparatorEx<T> naturalOrder() {
        return (a, b) -> ((Comparable) a).compareTo(b);
    }
}
