package io.sluice.engine.aggregate;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.FunctionEx;
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
    public <R> AggregateOperation1<T, Object[], R> build(FunctionEx<? super ItemsByTag, ? extends R> exportFinishFn) {
        checkSerializable(exportFinishFn, "exportFinishFn");
        if (operations.isEmpty()) {
            throw new IllegalStateException("allOfBuilder(): add(..) at least one operation before build()");
        }
        CompositeParts parts = new CompositeParts(operations);
        return new AggregateOperation1Impl<>(parts.createFn(), (Object[] acc, T item) -> parts.accumulateAll(acc, item),
                parts.combineFn(), parts.deductFn(), parts.exportFn(exportFinishFn), parts.finishFn(exportFinishFn));
    }
}
