package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.pipeline.Traverser;
import io.sluice.engine.pipeline.Traversers;

/**
 * Adapts the user functions of {@code mapStateful}, {@code filterStateful} and the non-keyed
 * forms to the one shape {@code StatefulMapP} runs: {@code (state, key, item) -> Traverser}.
 * Serializable records, so they travel with the pipeline.
 */
final class StatefulFns {
    private StatefulFns() {
    }

    /** {@code (s, k, t) -> mapFn(s, k, t)} as a traverser of one item (none for {@code null}). */
    @SuppressWarnings("unchecked")
    static TriFunction<Object, Object, Object, Traverser<?>> map(TriFunction<?, ?, ?, ?> mapFn) {
        return new KeyedMap((TriFunction<Object, Object, Object, Object>) mapFn);
    }

    /** {@code (s, k, t) -> mapFn(s, t)} as a traverser of one item. */
    @SuppressWarnings("unchecked")
    static TriFunction<Object, Object, Object, Traverser<?>> mapGlobal(BiFunctionEx<?, ?, ?> mapFn) {
        return new GlobalMap((BiFunctionEx<Object, Object, Object>) mapFn);
    }

    /** {@code (s, k, t) -> filterFn(s, t) ? t : none}. */
    @SuppressWarnings("unchecked")
    static TriFunction<Object, Object, Object, Traverser<?>> filter(BiPredicateEx<?, ?> filterFn) {
        return new Filter((BiPredicateEx<Object, Object>) filterFn);
    }

    /** A keyed {@code flatMapFn(s, k, t)} as the shape {@code StatefulMapP} runs (a cast: it already is). */
    @SuppressWarnings("unchecked")
    static TriFunction<Object, Object, Object, Traverser<?>> flatMap(TriFunction<?, ?, ?, ?> flatMapFn) {
        return (TriFunction<Object, Object, Object, Traverser<?>>) flatMapFn;
    }

    /** {@code (s, k, t) -> flatMapFn(s, t)}. */
    @SuppressWarnings("unchecked")
    static TriFunction<Object, Object, Object, Traverser<?>> flatMapGlobal(BiFunctionEx<?, ?, ?> flatMapFn) {
        return new GlobalFlatMap((BiFunctionEx<Object, Object, Traverser<?>>) flatMapFn);
    }

    private record KeyedMap(TriFunction<Object, Object, Object, Object> fn)
            implements TriFunction<Object, Object, Object, Traverser<?>> {
        @Override
        public Traverser<?> applyEx(Object s, Object k, Object t) throws Exception {
            Object r = fn.applyEx(s, k, t);
            return r == null ? null : Traversers.singleton(r);
        }
    }

    private record GlobalMap(BiFunctionEx<Object, Object, Object> fn)
            implements TriFunction<Object, Object, Object, Traverser<?>> {
        @Override
        public Traverser<?> applyEx(Object s, Object k, Object t) throws Exception {
            Object r = fn.applyEx(s, t);
            return r == null ? null : Traversers.singleton(r);
        }
    }

    private record Filter(BiPredicateEx<Object, Object> fn) implements TriFunction<Object, Object, Object, Traverser<?>> {
        @Override
        public Traverser<?> applyEx(Object s, Object k, Object t) throws Exception {
            return fn.testEx(s, t) ? Traversers.singleton(t) : null;
        }
    }

    private record GlobalFlatMap(BiFunctionEx<Object, Object, Traverser<?>> fn)
            implements TriFunction<Object, Object, Object, Traverser<?>> {
        @Override
        public Traverser<?> applyEx(Object s, Object k, Object t) throws Exception {
            return fn.applyEx(s, t);
        }
    }
}
