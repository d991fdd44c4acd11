package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;

import java.util.List;
import java.util.Objects;

/**
 * Constructor helpers of the one-stage window processors ({@link WindowP}, {@link SessionWindowP}):
 * the per-input key and accumulate functions of a single-input or co-aggregating window. Setup
 * only; the processors keep the resulting arrays in their own fields for the per-item path.
 */
final class WindowInputs {
    private WindowInputs() {
    }

    /** The key functions of a co-aggregating window, one per input of {@code op}; all {@code null} when not keyed. */
    static FunctionEx<?, ?>[] keyFnArray(List<? extends FunctionEx<?, ?>> keyFns, AggregateOperation<?, ?> op) {
        Objects.requireNonNull(op, "op must not be null");
        if (keyFns == null) {
            return new FunctionEx<?, ?>[op.arity()];
        }
        if (keyFns.size() != op.arity()) {
            throw new IllegalArgumentException("keyFns must have one function per input of op (" + op.arity()
                    + "), but has " + keyFns.size());
        }
        return keyFns.toArray(new FunctionEx<?, ?>[0]);
    }

    /** {@code [0, 1, .., n - 1]}: input ordinal {@code i} is input {@code i} of the operation. */
    static int[] ordinals(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * {@code op.accumulateFn(inputs[i])} for each {@code i}, after checking that a keyed window
     * has a key function for every input.
     */
    @SuppressWarnings("unchecked")
    static BiConsumerEx<Object, Object>[] accumulateFns(FunctionEx<?, ?>[] keyFns, boolean keyed,
                                                        AggregateOperation<?, ?> op, int[] inputs) {
        BiConsumerEx<Object, Object>[] accumulateFns = new BiConsumerEx[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (keyed && keyFns[i] == null) {
                throw new NullPointerException("keyFns[" + i + "] must not be null");
            }
            accumulateFns[i] = (BiConsumerEx<Object, Object>) op.accumulateFn(inputs[i]);
        }
        return accumulateFns;
    }
}
