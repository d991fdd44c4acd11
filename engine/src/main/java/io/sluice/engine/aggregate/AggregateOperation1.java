package io.sluice.engine.aggregate;

import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.aggregate.AggregateOperation1Impl;

import static io.sluice.engine.impl.util.Util.checkSerializable;

/**
 * An {@link AggregateOperation} of one input with items of type {@code T}.
 *
 * @param <T> item type
 * @param <A> accumulator type
 * @param <R> result type
 */
public interface AggregateOperation1<T, A, R> extends AggregateOperation<A, R> {

    /** The accumulate primitive. */
    BiConsumerEx<? super A, ? super T> accumulateFn();

    /**
     * A single-input operation that is this one with {@code thenFn} applied to its result, on both
     * export and finish.
     *
     * <pre>{@code
     * AggregateOperation1<Object, LongAccumulator, String> countText =
     *         AggregateOperations.counting().andThen(n -> n + " items");
     * }</pre>
     *
     * @param thenFn maps the result; must be stateless
     * @param <R1>   the new result type
     * @return the new operation
     */
    @Override
    default <R1> AggregateOperation1<T, A, R1> andThen(FunctionEx<? super R, ? extends R1> thenFn) {
        return AggregateOperation1Impl.andThen(this, checkSerializable(thenFn, "thenFn"));
    }
}
