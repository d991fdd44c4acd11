package io.sluice.engine.aggregate;

import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;

import java.io.Serializable;

/**
 * How to aggregate items, as five primitives so that aggregation can run in two stages (each
 * instance accumulates what it sees, then partial accumulators are combined) and so that sliding
 * windows can deduct a frame that leaves the window:
 * <ul>
 * <li>{@code create}: a new, empty mutable accumulator;</li>
 * <li>{@code accumulate}: add one item (of input {@code index}) to an accumulator;</li>
 * <li>{@code combine}: add the second accumulator's contents into the first;</li>
 * <li>{@code deduct}: undo a {@code combine} (optional, {@code null} when not supported);</li>
 * <li>{@code export}: the result so far, leaving the accumulator usable; {@code finish}: the final
 * result, after which the accumulator is not used again (may return the accumulator's own state).</li>
 * </ul>
 * Accumulators travel between instances and into snapshots, so they should be serializable.
 *
 * @param <A> accumulator type
 * @param <R> result type
 */
public interface AggregateOperation<A, R> extends Serializable {

    /** The number of inputs this operation accumulates (1 for most; 2 or 3 for co-aggregation). */
    int arity();

    /** Creates an empty accumulator. */
    SupplierEx<A> createFn();

    /**
     * The accumulate primitive of input {@code index}.
     *
     * @throws IllegalArgumentException if {@code index} is not below {@link #arity()}
     */
    <T> BiConsumerEx<? super A, ? super T> accumulateFn(int index);

    /** Adds the right accumulator into the left one. */
    BiConsumerEx<? super A, ? super A> combineFn();

    /** Removes the right accumulator's contents from the left one, or {@code null} if not supported. */
    BiConsumerEx<? super A, ? super A> deductFn();

    /** Computes the current result without invalidating the accumulator. */
    FunctionEx<? super A, ? extends R> exportFn();

    /** Computes the final result; the accumulator is not used afterwards. */
    FunctionEx<? super A, ? extends R> finishFn();
}
