package io.sluice.engine.impl.aggregate;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one single-input operation per input into one operation of that arity, for the
 * co-aggregation builders ({@code aggregateBuilder(op0)}): input {@code i} is aggregated by
 * operation {@code i} into slot {@code i} of an {@code Object[]} accumulator, and the result holds
 * operation {@code i}'s result under {@code Tag.tag(i)}. Combines if every operation does, deducts
 * if every one does (so an operation without {@code combineFn} makes the whole one single-stage).
 */
public final class TaggedCoAggregation {
    private TaggedCoAggregation() {
    }

    /**
     * @param ops one operation per input, at least one; already checked to be serializable
     * @return an operation of arity {@code ops.size()} whose result is an {@link ItemsByTag}
     */
    @SuppressWarnings("unchecked")
    public static AggregateOperation<Object[], ItemsByTag> of(List<? extends AggregateOperation1<?, ?, ?>> ops) {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("a co-aggregation needs at least one operation");
        }
        int n = ops.size();
        List<SupplierEx<Object>> creates = new ArrayList<>(n);
        List<BiConsumerEx<Object, Object>> combines = new ArrayList<>(n);
        List<BiConsumerEx<Object, Object>> deducts = new ArrayList<>(n);
        List<FunctionEx<Object, Object>> exports = new ArrayList<>(n);
        List<FunctionEx<Object, Object>> finishes = new ArrayList<>(n);
        List<BiConsumerEx<Object[], Object>> accumulates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AggregateOperation1<Object, Object, Object> op = (AggregateOperation1<Object, Object, Object>) ops.get(i);
            creates.add(op.createFn());
            combines.add(op.combineFn());
            deducts.add(op.deductFn());
            exports.add((FunctionEx<Object, Object>) op.exportFn());
            finishes.add((FunctionEx<Object, Object>) op.finishFn());
            BiConsumerEx<Object, Object> accumulateFn = op.accumulateFn();
            int slot = i;
            accumulates.add((acc, item) -> accumulateFn.acceptEx(acc[slot], item));
        }
        List<BiConsumerEx<Object, Object>> combineFns = combines.contains(null) ? null : List.copyOf(combines);
        List<BiConsumerEx<Object, Object>> deductFns =
                combineFns == null || deducts.contains(null) ? null : List.copyOf(deducts);
        List<SupplierEx<Object>> createFns = List.copyOf(creates);
        List<FunctionEx<Object, Object>> exportFns = List.copyOf(exports);
        List<FunctionEx<Object, Object>> finishFns = List.copyOf(finishes);
        SupplierEx<Object[]> createFn = () -> {
            Object[] acc = new Object[n];
            for (int i = 0; i < n; i++) {
                acc[i] = createFns.get(i).getEx();
            }
            return acc;
        };
        return new AggregateOperationImpl<>(createFn, accumulates,
                combineFns == null ? null : (left, right) -> pairwise(combineFns, left, right),
                deductFns == null ? null : (left, right) -> pairwise(deductFns, left, right),
                acc -> tagged(exportFns, acc),
                acc -> tagged(finishFns, acc));
    }

    private static void pairwise(List<BiConsumerEx<Object, Object>> fns, Object[] left, Object[] right) throws Exception {
        for (int i = 0; i < left.length; i++) {
            fns.get(i).acceptEx(left[i], right[i]);
        }
    }

    private static ItemsByTag tagged(List<FunctionEx<Object, Object>> resultFns, Object[] acc) throws Exception {
        ItemsByTag result = new ItemsByTag();
        for (int i = 0; i < acc.length; i++) {
            result.put(Tag.tag(i), resultFns.get(i).applyEx(acc[i]));
        }
        return result;
    }
}
