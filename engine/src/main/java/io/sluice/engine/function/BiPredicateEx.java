package io.sluice.engine.function;

import java.io.Serializable;

/** A serializable {@code BiPredicate} whose body may throw; see {@link FunctionEx}. */
@FunctionalInterface
public interface BiPredicateEx<T, U> extends java.util.function.BiPredicate<T, U>, Serializable {
    /** Like the JDK method, but may throw any exception. */
    boolean testEx(T t, U u) throws Exception;

    @Override
    default boolean test(T t, U u) {
        try {
            return testEx(t, u);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
