package io.sluice.engine.aggregate;

import io.sluice.engine.function.BiConsumerEx;

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
}
