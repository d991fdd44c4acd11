package io.sluice.engine.aggregate;

import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.aggregate.AggregateOperationImpl;

import java.io.Serializable;
import java.util.Objects;

import static io.sluice.engine.impl.util.Util.checkSerializable;

/**
 * How to aggregate items, as five primitives so that aggregation can run in two stages (each
 * instance accumulates what it sees, then partial accumulators are combined) and so that sliding
 * windows can deduct a frame that leaves the window:
 * <ul>
 * <li>{@code create}: a new, empty mutable accumulator;</li>
 * <li>{@code accumulate}: add one item (of input {@code index}) to an accumulator;</li>
 * <li>{@code combine}: add the second accumulator's contents into the first (optional,
 * {@code null} when not supported, see below);</li>
 * <li>{@code deduct}: undo a {@code combine} (optional, {@code null} when not supported);</li>
 * <li>{@code export}: the result so far, leaving the accumulator usable; {@code finish}: the final
 * result, after which the accumulator is not used again (may return the accumulator's own state).</li>
 * </ul>
 * Accumulators travel between instances and into snapshots, so they should be serializable.
 *
 * <p><b>Without combine.</b> An operation whose {@link #combineFn()} is {@code null} cannot merge
 * partial accumulators, so it runs in a <em>single stage</em>: every item of a key (or, when not
 * keyed, every item) goes to the one accumulator of that key, which is then finished. That costs
 * the partial aggregation before the shuffle (all items cross the partitioned edge, and a global
 * aggregation runs on one instance), and it rules out what needs merging: sliding windows (frames
 * are combined into windows) and session windows (sessions merge). Batch and tumbling-window
 * aggregation do not need it. Composite operations ({@code mapping}, {@code allOf},
 * {@code groupingBy}, ...) combine only if all their parts do.
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

    /**
     * The accumulate primitive of the input that {@code tag} stands for: the same as
     * {@code accumulateFn(tag.index())}.
     *
     * <pre>{@code
     * BiConsumerEx<? super A, ? super Payment> accumulatePayment = op.accumulateFn(Tag.<Payment>tag1());
     * }</pre>
     *
     * @param tag the input's tag
     * @param <T> item type of that input
     * @return the accumulate primitive
     * @throws IllegalArgumentException if the tag's index is not below {@link #arity()}
     */
    default <T> BiConsumerEx<? super A, ? super T> accumulateFn(Tag<T> tag) {
        return accumulateFn(Objects.requireNonNull(tag, "tag must not be null").index());
    }

    /**
     * Adds the right accumulator's contents into the left one, leaving the right one unchanged; or
     * {@code null} if the operation cannot combine, and so must run in a single stage (see the
     * class description).
     */
    BiConsumerEx<? super A, ? super A> combineFn();

    /** Removes the right accumulator's contents from the left one, or {@code null} if not supported. */
    BiConsumerEx<? super A, ? super A> deductFn();

    /** Computes the current result without invalidating the accumulator. */
    FunctionEx<? super A, ? extends R> exportFn();

    /** Computes the final result; the accumulator is not used afterwards. */
    FunctionEx<? super A, ? extends R> finishFn();

    /**
     * An operation that is this one with {@code thenFn} applied to its result, on both export and
     * finish. The other primitives are this operation's own.
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
    default <R1> AggregateOperation<A, R1> andThen(FunctionEx<? super R, ? extends R1> thenFn) {
        return AggregateOperationImpl.andThen(this, checkSerializable(thenFn, "thenFn"));
    }

    /**
     * Starts building an operation: sets its create primitive. See {@link AggregateOperationBuilder}
     * for the steps that follow.
     *
     * <pre>{@code
     * AggregateOperation1<String, LongAccumulator, Long> totalLength = AggregateOperation
     *         .withCreate(LongAccumulator::new)
     *         .<String>andAccumulate((acc, s) -> acc.add(s.length()))
     *         .andCombine(LongAccumulator::add)
     *         .andDeduct(LongAccumulator::subtract)
     *         .andExportFinish(LongAccumulator::get);
     * }</pre>
     *
     * @param createFn creates a new, empty accumulator; must be stateless
     * @param <A>      accumulator type
     * @return the first builder stage, which needs an accumulate step
     * @throws IllegalArgumentException if {@code createFn} is not serializable
     */
    static <A> AggregateOperationBuilder<A> withCreate(SupplierEx<A> createFn) {
        return new AggregateOperationBuilder<>(createFn);
    }
}
