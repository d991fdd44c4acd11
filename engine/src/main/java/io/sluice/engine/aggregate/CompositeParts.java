package io.sluice.engine.aggregate;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The primitives of several single-input operations combined into one whose accumulator is an
 * {@code Object[]}, part {@code i} belonging to operation {@code i}: shared by
 * {@link AllOfAggregationBuilder} (every part accumulates the same item) and
 * {@link CoAggregateOperationBuilder} (part {@code i} accumulates input {@code i}). The combined
 * operation combines if every part does and deducts if every part does; its result holds part
 * {@code i}'s result under {@code Tag.tag(i)}. Copies the operations' primitives, so a builder's
 * later {@code add(..)} cannot reach an operation already built.
 */
final class CompositeParts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<SupplierEx<Object>> creates;
    private final List<BiConsumerEx<Object, Object>> accumulates;
    /** {@code null} if a part has no combineFn. */
    private final List<BiConsumerEx<Object, Object>> combines;
    /** {@code null} if a part has no deductFn, or the operation cannot combine. */
    private final List<BiConsumerEx<Object, Object>> deducts;
    private final List<FunctionEx<Object, Object>> exports;
    private final List<FunctionEx<Object, Object>> finishes;

    @SuppressWarnings("unchecked")
    CompositeParts(Collection<? extends AggregateOperation1<?, ?, ?>> operations) {
        int n = operations.size();
        List<SupplierEx<Object>> createFns = new ArrayList<>(n);
        List<BiConsumerEx<Object, Object>> accumulateFns = new ArrayList<>(n);
        List<BiConsumerEx<Object, Object>> combineFns = new ArrayList<>(n);
        List<BiConsumerEx<Object, Object>> deductFns = new ArrayList<>(n);
        List<FunctionEx<Object, Object>> exportFns = new ArrayList<>(n);
        List<FunctionEx<Object, Object>> finishFns = new ArrayList<>(n);
        for (AggregateOperation1<?, ?, ?> operation : operations) {
            AggregateOperation1<Object, Object, Object> op = (AggregateOperation1<Object, Object, Object>) operation;
            createFns.add(op.createFn());
            accumulateFns.add(op.accumulateFn());
            combineFns.add(op.combineFn());
            deductFns.add(op.deductFn());
            exportFns.add((FunctionEx<Object, Object>) op.exportFn());
            finishFns.add((FunctionEx<Object, Object>) op.finishFn());
        }
        this.creates = List.copyOf(createFns);
        this.accumulates = List.copyOf(accumulateFns);
        this.combines = combineFns.contains(null) ? null : List.copyOf(combineFns);
        this.deducts = combines == null || deductFns.contains(null) ? null : List.copyOf(deductFns);
        this.exports = List.copyOf(exportFns);
        this.finishes = List.copyOf(finishFns);
    }

    int size() {
        return creates.size();
    }

    /** A new accumulator: one new accumulator per part. */
    SupplierEx<Object[]> createFn() {
        return () -> {
            Object[] acc = new Object[creates.size()];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = creates.get(i).get();
            }
            return acc;
        };
    }

    /** Part {@code i}'s own accumulate function. */
    BiConsumerEx<Object, Object> accumulateFn(int i) {
        return accumulates.get(i);
    }

    /** Accumulates {@code item} into every part. */
    void accumulateAll(Object[] acc, Object item) {
        for (int i = 0; i < acc.length; i++) {
            accumulates.get(i).accept(acc[i], item);
        }
    }

    /** Combines part by part, or {@code null} if a part cannot combine. */
    BiConsumerEx<Object[], Object[]> combineFn() {
        return combines == null ? null : (left, right) -> forEachPart(combines, left, right);
    }

    /** Deducts part by part, or {@code null} if a part cannot deduct. */
    BiConsumerEx<Object[], Object[]> deductFn() {
        return deducts == null ? null : (left, right) -> forEachPart(deducts, left, right);
    }

    /** {@code resultFn} of the parts' exported results, each under the tag of its index. */
    <R> FunctionEx<Object[], R> exportFn(FunctionEx<? super ItemsByTag, ? extends R> resultFn) {
        return acc -> resultFn.apply(tagged(exports, acc));
    }

    /** {@code resultFn} of the parts' finished results, each under the tag of its index. */
    <R> FunctionEx<Object[], R> finishFn(FunctionEx<? super ItemsByTag, ? extends R> resultFn) {
        return acc -> resultFn.apply(tagged(finishes, acc));
    }

    private static void forEachPart(List<BiConsumerEx<Object, Object>> fns, Object[] left, Object[] right) {
        for (int i = 0; i < left.length; i++) {
            fns.get(i).accept(left[i], right[i]);
        }
    }

    private static ItemsByTag tagged(List<FunctionEx<Object, Object>> resultFns, Object[] acc) {
        ItemsByTag result = new ItemsByTag();
        for (int i = 0; i < acc.length; i++) {
            result.put(Tag.tag(i), resultFns.get(i).apply(acc[i]));
        }
        return result;
    }
}
