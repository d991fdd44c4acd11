package io.sluice.engine.impl.aggregate;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one implementation of {@link AggregateOperation}: an immutable holder of the primitives.
 * Arguments are checked (serializable, non-null) by the public factories, not here, so that error
 * messages can name the user's parameter.
 *
 * @param <A> accumulator type
 * @param <R> result type
 */
public class AggregateOperationImpl<A, R> implements AggregateOperation<A, R> {
    private static final long serialVersionUID = 1L;

    private final SupplierEx<A> createFn;
    private final List<BiConsumerEx<? super A, ?>> accumulateFns;
    private final BiConsumerEx<? super A, ? super A> combineFn;
    private final BiConsumerEx<? super A, ? super A> deductFn;
    private final FunctionEx<? super A, ? extends R> exportFn;
    private final FunctionEx<? super A, ? extends R> finishFn;

    /**
     * An operation made of the given primitives.
     *
     * @param accumulateFns one per input, at least one
     * @param combineFn     nullable, meaning the operation cannot combine and must run single-stage
     * @param deductFn      nullable, meaning the operation cannot deduct
     */
    public AggregateOperationImpl(SupplierEx<A> createFn,
                                  List<? extends BiConsumerEx<? super A, ?>> accumulateFns,
                                  BiConsumerEx<? super A, ? super A> combineFn,
                                  BiConsumerEx<? super A, ? super A> deductFn,
                                  FunctionEx<? super A, ? extends R> exportFn,
                                  FunctionEx<? super A, ? extends R> finishFn) {
        if (accumulateFns.isEmpty()) {
            throw new IllegalArgumentException("an aggregate operation needs at least one accumulateFn");
        }
        this.createFn = Objects.requireNonNull(createFn, "createFn");
        this.accumulateFns = List.copyOf(accumulateFns);
        this.combineFn = combineFn;
        this.deductFn = deductFn;
        this.exportFn = Objects.requireNonNull(exportFn, "exportFn");
        this.finishFn = Objects.requireNonNull(finishFn, "finishFn");
    }

    /** An operation that is {@code op} followed by {@code thenFn} on both export and finish. */
    public static <A, R, R1> AggregateOperation<A, R1> andThen(
            AggregateOperation<A, R> op, FunctionEx<? super R, ? extends R1> thenFn) {
        FunctionEx<? super A, ? extends R> exportFn = op.exportFn();
        FunctionEx<? super A, ? extends R> finishFn = op.finishFn();
        return new AggregateOperationImpl<>(op.createFn(), accumulateFnsOf(op), op.combineFn(), op.deductFn(),
                acc -> thenFn.apply(exportFn.apply(acc)), acc -> thenFn.apply(finishFn.apply(acc)));
    }

    /** All accumulate primitives of {@code op}, in input order. */
    static <A> List<BiConsumerEx<? super A, ?>> accumulateFnsOf(AggregateOperation<A, ?> op) {
        List<BiConsumerEx<? super A, ?>> fns = new ArrayList<>(op.arity());
        for (int i = 0; i < op.arity(); i++) {
            fns.add(op.accumulateFn(i));
        }
        return fns;
    }

    @Override
    public int arity() {
        return accumulateFns.size();
    }

    @Override
    public SupplierEx<A> createFn() {
        return createFn;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> BiConsumerEx<? super A, ? super T> accumulateFn(int index) {
        if (index < 0 || index >= accumulateFns.size()) {
            throw new IllegalArgumentException("index must be at least 0 and below the arity "
                    + accumulateFns.size() + ", but was " + index);
        }
        // Sound as long as the caller feeds input `index` the item type it was built for.
        return (BiConsumerEx<? super A, ? super T>) accumulateFns.get(index);
    }

    @Override
    public BiConsumerEx<? super A, ? super A> combineFn() {
        return combineFn;
    }

    @Override
    public BiConsumerEx<? super A, ? super A> deductFn() {
        return deductFn;
    }

    @Override
    public FunctionEx<? super A, ? extends R> exportFn() {
        return exportFn;
    }

    @Override
    public FunctionEx<? super A, ? extends R> finishFn() {
        return finishFn;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(arity=" + arity() + ", combine=" + (combineFn != null)
                + ", deduct=" + (deductFn != null) + ')';
    }
}
