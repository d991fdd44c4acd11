package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.function.TriPredicate;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapts the keyed service functions ({@code (service, key, item)}) to the unkeyed processors
 * ({@code (service, item)}): the key is computed from the item with the stage's (null-checked)
 * key function, after the partitioned edge has brought every item of a key to one instance.
 */
final class ServiceFns {
    private ServiceFns() {
    }

    @SuppressWarnings("unchecked")
    static BiFunctionEx<Object, Object, Object> keyed(FunctionEx<Object, Object> keyFn, TriFunction<?, ?, ?, ?> fn) {
        TriFunction<Object, Object, Object, Object> f = (TriFunction<Object, Object, Object, Object>) fn;
        return (s, t) -> f.applyEx(s, keyFn.applyEx(t), t);
    }

    @SuppressWarnings("unchecked")
    static BiPredicateEx<Object, Object> keyedFilter(FunctionEx<Object, Object> keyFn, TriPredicate<?, ?, ?> fn) {
        TriPredicate<Object, Object, Object> f = (TriPredicate<Object, Object, Object>) fn;
        return (s, t) -> f.testEx(s, keyFn.applyEx(t), t);
    }

    /** For a batched async function of {@code (service, keys, items)}: the keys list matches the items list. */
    @SuppressWarnings("unchecked")
    static BiFunctionEx<Object, List<Object>, Object> keyedBatch(FunctionEx<Object, Object> keyFn,
                                                                 TriFunction<?, ?, ?, ?> fn) {
        TriFunction<Object, Object, Object, Object> f = (TriFunction<Object, Object, Object, Object>) fn;
        return (s, items) -> {
            List<Object> keys = new ArrayList<>(items.size());
            for (Object t : items) {
                keys.add(keyFn.applyEx(t));
            }
            return f.applyEx(s, keys, items);
        };
    }
}
