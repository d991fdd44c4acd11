package io.sluice.engine.impl.aggregate;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;

import java.util.List;

/**
 * The implementation of {@link AggregateOperation1}: an {@link AggregateOperationImpl} with one input.
 *
 * @param <T> item type
 * @param <A> accumulator type
 * @param <R> result type
 */
public final class AggregateOperation1Impl<T, A, R> extends AggregateOperationImpl<A, R>
        implements AggregateOperation1<T, A, R> {
    private static final long serialVersionUID = 1L;

    /**
     * A single-input operation made of the given primitives.
     *
     * @param combineFn nullable, meaning the operation cannot combine and must run single-stage
     * @param deductFn  nullable, meaning the operation cannot deduct
     */
    public AggregateOperation1Impl(SupplierEx<A> createFn,
                                   BiConsumerEx<? super A, ? super T> accumulateFn,
                                   BiConsumerEx<? super A, ? super A> combineFn,
                                   BiConsumerEx<? super A, ? super A> deductFn,
                                   FunctionEx<? super A, ? extends R> exportFn,
                                   FunctionEx<? super A, ? extends R> finishFn) {
        super(createFn, List.of(accumulateFn), combineFn, deductFn, exportFn, finishFn);
    }

    /** A single-input operation that is {@code op} followed by {@code thenFn} on both export and finish. */
    public static <T, A, R, R1> AggregateOperation1<T, A, R1> andThen(
            AggregateOperation1<T, A, R> op, FunctionEx<? super R, ? extends R1> thenFn) {
        FunctionEx<? super A, ? extends R> exportFn = op.exportFn();
        FunctionEx<? super A, ? extends R> finishFn = op.finishFn();
        return new AggregateOperation1Impl<>(op.createFn(), op.accumulateFn(), op.combineFn(), op.deductFn(),
                acc -> thenFn.apply(exportFn.apply(acc)), acc -> thenFn.apply(finishFn.apply(acc)));
    }

    @Override
    public BiConsumerEx<? super A, ? super T> accumulateFn() {
        return accumulateFn(0);
    }
}
