package io.sluice.engine.aggregate;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.aggregate.AggregateOperation1Impl;

import java.util.ArrayList;
import java.util.List;

import static io.sluice.engine.impl.util.Util.checkSerializable;

/**
 * Builds an operation that runs any number of operations on the same items, for when
 * {@link AggregateOperations#allOf} with two or three is not enough. Get it from
 * {@link AggregateOperations#allOfBuilder()}; each {@link #add} returns the {@link Tag} under which
 * that operation's result will be in the {@link ItemsByTag} result.
 *
 * <pre>{@code
 * AllOfAggregationBuilder<Trade> builder = allOfBuilder();
 * Tag<Long> countTag = builder.add(counting());
 * Tag<Long> volumeTag = builder.add(summingLong(Trade::quantity));
 * Tag<Trade> lastTag = builder.add(maxBy((a, b) -> Long.compare(a.timestamp(), b.timestamp())));
 * Tag<Double> meanPriceTag = builder.add(averagingDouble(Trade::price));
 * AggregateOperation1<Trade, Object[], ItemsByTag> stats = builder.build();
 *
 * trades.aggregate(stats).map(ibt -> ibt.get(countTag) + " trades, volume " + ibt.get(volumeTag));
 * }</pre>
 *
 * <p>The built operation combines if every added operation does, and deducts if every one does.
 * Its accumulator is an array of the added operations' accumulators. Building copies the list of
 * operations, so adding more afterwards does not change an operation already built. The builder
 * is not thread-safe.
 *
 * @param <T> item type
 */
public final class AllOfAggregationBuilder<T> {
    private final List<AggregateOperation1<? super T, ?, ?>> operations = new ArrayList<>();

    AllOfAggregationBuilder() {
    }

    /**
     * Adds an operation.
     *
     * @param operation the operation; must be serializable
     * @param <R>       its result type
     * @return the tag of its result in the {@link ItemsByTag} the built operation returns
     */
    public <R> Tag<R> add(AggregateOperation1<? super T, ?, ? extends R> operation) {
        checkSerializable(operation, "operation");
        operations.add(operation);
        return Tag.tag(operations.size() - 1);
    }

    /**
     * Builds the operation, whose result holds each added operation's result under its tag.
     *
     * @return the new operation
     * @throws IllegalStateException if no operation was added
     */
    public AggregateOperation1<T, Object[], ItemsByTag> build() {
        return build(FunctionEx.identity());
    }

    /**
     * Builds the operation, whose result is {@code exportFinishFn} applied to an {@link ItemsByTag}
     * that holds each added operation's result under its tag.
     *
     * <pre>{@code
     * AggregateOperation1<Trade, Object[], String> summary =
     *         builder.build(ibt -> ibt.get(countTag) + " trades, volume " + ibt.get(volumeTag));
     * }</pre>
     *
     * @param exportFinishFn makes the result from the tagged results; must be stateless
     * @param <R>            result type
     * @return the new operation
     * @throws IllegalStateException if no operation was added
     */
    @SuppressWarnings("unchecked")
    public <R> AggregateOperation1<T, Object[], R> build(FunctionEx<? super ItemsByTag, ? extends R> exportFinishFn) {
        checkSerializable(exportFinishFn, "exportFinishFn");
        if (operations.isEmpty()) {
            throw new IllegalStateException("allOfBuilder(): add(..) at least one operation before build()");
        }
        int n = operations.size();
        // The primitives, index i of each belonging to operation i. Nothing captures this builder,
        // so later add(..) calls cannot reach a built operation.
        List<SupplierEx<Object>> createFns = new ArrayList<>(n);
        List<BiConsumerEx<Object, Object>> accumulateFns = new ArrayList<>(n);
        List<BiConsumerEx<Object, Object>> combineFns = new ArrayList<>(n);
        List<BiConsumerEx<Object, Object>> deductFns = new ArrayList<>(n);
        List<FunctionEx<Object, Object>> exportFns = new ArrayList<>(n);
        List<FunctionEx<Object, Object>> finishFns = new ArrayList<>(n);
        for (AggregateOperation1<? super T, ?, ?> operation : operations) {
            AggregateOperation1<Object, Object, Object> op = (AggregateOperation1<Object, Object, Object>) operation;
            createFns.add(op.createFn());
            accumulateFns.add(op.accumulateFn());
            combineFns.add(op.combineFn());
            deductFns.add(op.deductFn());
            exportFns.add((FunctionEx<Object, Object>) op.exportFn());
            finishFns.add((FunctionEx<Object, Object>) op.finishFn());
        }
        List<BiConsumerEx<Object, Object>> combines = combineFns.contains(null) ? null : List.copyOf(combineFns);
        List<BiConsumerEx<Object, Object>> deducts =
                combines == null || deductFns.contains(null) ? null : List.copyOf(deductFns);
        List<SupplierEx<Object>> creates = List.copyOf(createFns);
        List<BiConsumerEx<Object, Object>> accumulates = List.copyOf(accumulateFns);
        List<FunctionEx<Object, Object>> exports = List.copyOf(exportFns);
        List<FunctionEx<Object, Object>> finishes = List.copyOf(finishFns);
        return new AggregateOperation1Impl<>(
                () -> {
                    Object[] acc = new Object[n];
                    for (int i = 0; i < n; i++) {
                        acc[i] = creates.get(i).get();
                    }
                    return acc;
                },
                (Object[] acc, T item) -> {
                    for (int i = 0; i < n; i++) {
                        accumulates.get(i).accept(acc[i], item);
                    }
                },
                combines == null ? null : (left, right) -> forEachPart(combines, left, right),
                deducts == null ? null : (left, right) -> forEachPart(deducts, left, right),
                acc -> exportFinishFn.apply(tagged(exports, acc)),
                acc -> exportFinishFn.apply(tagged(finishes, acc)));
    }

    /** Applies {@code fns.get(i)} to part {@code i} of both accumulators (also used by {@link CoAggregateOperationBuilder}). */
    static void forEachPart(List<BiConsumerEx<Object, Object>> fns, Object[] left, Object[] right) {
        for (int i = 0; i < left.length; i++) {
            fns.get(i).accept(left[i], right[i]);
        }
    }

    /** The results of the parts, each under the tag of its index (also used by {@link CoAggregateOperationBuilder}). */
    static ItemsByTag tagged(List<FunctionEx<Object, Object>> resultFns, Object[] acc) {
        ItemsByTag result = new ItemsByTag();
        for (int i = 0; i < acc.length; i++) {
            result.put(Tag.tag(i), resultFns.get(i).apply(acc[i]));
        }
        return result;
    }
}
