package io.sluice.engine.aggregate;

import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.aggregate.AggregateOperation1Impl;
import io.sluice.engine.impl.aggregate.AggregateOperationImpl;
import io.sluice.engine.pipeline.Traverser;

import java.util.List;
import java.util.stream.Collector;

/**
 * The operations of {@link AggregateOperations} made of other operations: on the same items
 * ({@code allOf}), on items of their own input ({@code aggregateOperation2/3}), on the items a
 * function makes ({@code flatMapping}), and the adapter to a {@link Collector}. A composite
 * combines (deducts) only if all its parts do. Arguments are checked by the public factories, which
 * document the semantics.
 */
final class CompositeOperations {

    private CompositeOperations() {
    }

    static <T, U, A, R> AggregateOperation1<T, A, R> flatMapping(
            FunctionEx<? super T, ? extends Traverser<? extends U>> flatMapFn,
            AggregateOperation1<? super U, A, ? extends R> downstream) {
        BiConsumerEx<? super A, ? super U> accumulateFn = downstream.accumulateFn();
        return new AggregateOperation1Impl<>(
                downstream.createFn(),
                (A acc, T item) -> {
                    Traverser<? extends U> traverser = flatMapFn.apply(item);
                    if (traverser == null) {
                        return;
                    }
                    for (U u; (u = traverser.next()) != null; ) {
                        accumulateFn.accept(acc, u);
                    }
                },
                downstream.combineFn(),
                downstream.deductFn(),
                downstream.exportFn(),
                downstream.finishFn());
    }

    /** The primitives of a two-part composite, whose accumulator is a {@code Tuple2} of the parts'. */
    private record Parts2<A0, A1, R0, R1>(AggregateOperation1<?, A0, ? extends R0> op0,
                                          AggregateOperation1<?, A1, ? extends R1> op1) {

        SupplierEx<Tuple2<A0, A1>> createFn() {
            SupplierEx<A0> create0 = op0.createFn();
            SupplierEx<A1> create1 = op1.createFn();
            return () -> Tuple2.tuple2(create0.get(), create1.get());
        }

        BiConsumerEx<Tuple2<A0, A1>, Tuple2<A0, A1>> combineFn() {
            return pairwise(op0.combineFn(), op1.combineFn());
        }

        BiConsumerEx<Tuple2<A0, A1>, Tuple2<A0, A1>> deductFn() {
            return pairwise(op0.deductFn(), op1.deductFn());
        }

        <R> FunctionEx<Tuple2<A0, A1>, R> exportFn(BiFunctionEx<? super R0, ? super R1, ? extends R> fn) {
            return results(op0.exportFn(), op1.exportFn(), fn);
        }

        <R> FunctionEx<Tuple2<A0, A1>, R> finishFn(BiFunctionEx<? super R0, ? super R1, ? extends R> fn) {
            return results(op0.finishFn(), op1.finishFn(), fn);
        }

        private static <A0, A1> BiConsumerEx<Tuple2<A0, A1>, Tuple2<A0, A1>> pairwise(
                BiConsumerEx<? super A0, ? super A0> fn0, BiConsumerEx<? super A1, ? super A1> fn1) {
            if (fn0 == null || fn1 == null) {
                return null;
            }
            return (left, right) -> {
                fn0.accept(left.f0(), right.f0());
                fn1.accept(left.f1(), right.f1());
            };
        }

        private static <A0, A1, R0, R1, R> FunctionEx<Tuple2<A0, A1>, R> results(
                FunctionEx<? super A0, ? extends R0> fn0, FunctionEx<? super A1, ? extends R1> fn1,
                BiFunctionEx<? super R0, ? super R1, ? extends R> fn) {
            return acc -> fn.apply(fn0.apply(acc.f0()), fn1.apply(acc.f1()));
        }
    }

    /** The primitives of a three-part composite, whose accumulator is a {@code Tuple3} of the parts'. */
    private record Parts3<A0, A1, A2, R0, R1, R2>(AggregateOperation1<?, A0, ? extends R0> op0,
                                                  AggregateOperation1<?, A1, ? extends R1> op1,
                                                  AggregateOperation1<?, A2, ? extends R2> op2) {

        SupplierEx<Tuple3<A0, A1, A2>> createFn() {
            SupplierEx<A0> create0 = op0.createFn();
            SupplierEx<A1> create1 = op1.createFn();
            SupplierEx<A2> create2 = op2.createFn();
            return () -> Tuple3.tuple3(create0.get(), create1.get(), create2.get());
        }

        BiConsumerEx<Tuple3<A0, A1, A2>, Tuple3<A0, A1, A2>> combineFn() {
            return pairwise(op0.combineFn(), op1.combineFn(), op2.combineFn());
        }

        BiConsumerEx<Tuple3<A0, A1, A2>, Tuple3<A0, A1, A2>> deductFn() {
            return pairwise(op0.deductFn(), op1.deductFn(), op2.deductFn());
        }

        <R> FunctionEx<Tuple3<A0, A1, A2>, R> exportFn(
                TriFunction<? super R0, ? super R1, ? super R2, ? extends R> fn) {
            return results(op0.exportFn(), op1.exportFn(), op2.exportFn(), fn);
        }

        <R> FunctionEx<Tuple3<A0, A1, A2>, R> finishFn(
                TriFunction<? super R0, ? super R1, ? super R2, ? extends R> fn) {
            return results(op0.finishFn(), op1.finishFn(), op2.finishFn(), fn);
        }

        private static <A0, A1, A2> BiConsumerEx<Tuple3<A0, A1, A2>, Tuple3<A0, A1, A2>> pairwise(
                BiConsumerEx<? super A0, ? super A0> fn0, BiConsumerEx<? super A1, ? super A1> fn1,
                BiConsumerEx<? super A2, ? super A2> fn2) {
            if (fn0 == null || fn1 == null || fn2 == null) {
                return null;
            }
            return (left, right) -> {
                fn0.accept(left.f0(), right.f0());
                fn1.accept(left.f1(), right.f1());
                fn2.accept(left.f2(), right.f2());
            };
        }

        private static <A0, A1, A2, R0, R1, R2, R> FunctionEx<Tuple3<A0, A1, A2>, R> results(
                FunctionEx<? super A0, ? extends R0> fn0, FunctionEx<? super A1, ? extends R1> fn1,
                FunctionEx<? super A2, ? extends R2> fn2,
                TriFunction<? super R0, ? super R1, ? super R2, ? extends R> fn) {
            return acc -> fn.apply(fn0.apply(acc.f0()), fn1.apply(acc.f1()), fn2.apply(acc.f2()));
        }
    }

    static <T, A0, A1, R0, R1, R> AggregateOperation1<T, Tuple2<A0, A1>, R> allOf(
            AggregateOperation1<? super T, A0, ? extends R0> op0,
            AggregateOperation1<? super T, A1, ? extends R1> op1,
            BiFunctionEx<? super R0, ? super R1, ? extends R> exportFinishFn) {
        Parts2<A0, A1, R0, R1> parts = new Parts2<>(op0, op1);
        BiConsumerEx<? super A0, ? super T> accumulate0 = op0.accumulateFn();
        BiConsumerEx<? super A1, ? super T> accumulate1 = op1.accumulateFn();
        return new AggregateOperation1Impl<>(
                parts.createFn(),
                (Tuple2<A0, A1> acc, T item) -> {
                    accumulate0.accept(acc.f0(), item);
                    accumulate1.accept(acc.f1(), item);
                },
                parts.combineFn(), parts.deductFn(), parts.exportFn(exportFinishFn), parts.finishFn(exportFinishFn));
    }

    static <T, A0, A1, A2, R0, R1, R2, R> AggregateOperation1<T, Tuple3<A0, A1, A2>, R> allOf(
            AggregateOperation1<? super T, A0, ? extends R0> op0,
            AggregateOperation1<? super T, A1, ? extends R1> op1,
            AggregateOperation1<? super T, A2, ? extends R2> op2,
            TriFunction<? super R0, ? super R1, ? super R2, ? extends R> exportFinishFn) {
        Parts3<A0, A1, A2, R0, R1, R2> parts = new Parts3<>(op0, op1, op2);
        BiConsumerEx<? super A0, ? super T> accumulate0 = op0.accumulateFn();
        BiConsumerEx<? super A1, ? super T> accumulate1 = op1.accumulateFn();
        BiConsumerEx<? super A2, ? super T> accumulate2 = op2.accumulateFn();
        return new AggregateOperation1Impl<>(
                parts.createFn(),
                (Tuple3<A0, A1, A2> acc, T item) -> {
                    accumulate0.accept(acc.f0(), item);
                    accumulate1.accept(acc.f1(), item);
                    accumulate2.accept(acc.f2(), item);
                },
                parts.combineFn(), parts.deductFn(), parts.exportFn(exportFinishFn), parts.finishFn(exportFinishFn));
    }

    static <T0, T1, A0, A1, R0, R1, R> AggregateOperation<Tuple2<A0, A1>, R> aggregateOperation2(
            AggregateOperation1<? super T0, A0, ? extends R0> op0,
            AggregateOperation1<? super T1, A1, ? extends R1> op1,
            BiFunctionEx<? super R0, ? super R1, ? extends R> exportFinishFn) {
        Parts2<A0, A1, R0, R1> parts = new Parts2<>(op0, op1);
        BiConsumerEx<? super A0, ? super T0> accumulate0 = op0.accumulateFn();
        BiConsumerEx<? super A1, ? super T1> accumulate1 = op1.accumulateFn();
        BiConsumerEx<Tuple2<A0, A1>, T0> input0 = (acc, item) -> accumulate0.accept(acc.f0(), item);
        BiConsumerEx<Tuple2<A0, A1>, T1> input1 = (acc, item) -> accumulate1.accept(acc.f1(), item);
        return new AggregateOperationImpl<>(parts.createFn(), List.of(input0, input1),
                parts.combineFn(), parts.deductFn(), parts.exportFn(exportFinishFn), parts.finishFn(exportFinishFn));
    }

    static <T0, T1, T2, A0, A1, A2, R0, R1, R2, R> AggregateOperation<Tuple3<A0, A1, A2>, R> aggregateOperation3(
            AggregateOperation1<? super T0, A0, ? extends R0> op0,
            AggregateOperation1<? super T1, A1, ? extends R1> op1,
            AggregateOperation1<? super T2, A2, ? extends R2> op2,
            TriFunction<? super R0, ? super R1, ? super R2, ? extends R> exportFinishFn) {
        Parts3<A0, A1, A2, R0, R1, R2> parts = new Parts3<>(op0, op1, op2);
        BiConsumerEx<? super A0, ? super T0> accumulate0 = op0.accumulateFn();
        BiConsumerEx<? super A1, ? super T1> accumulate1 = op1.accumulateFn();
        BiConsumerEx<? super A2, ? super T2> accumulate2 = op2.accumulateFn();
        BiConsumerEx<Tuple3<A0, A1, A2>, T0> input0 = (acc, item) -> accumulate0.accept(acc.f0(), item);
        BiConsumerEx<Tuple3<A0, A1, A2>, T1> input1 = (acc, item) -> accumulate1.accept(acc.f1(), item);
        BiConsumerEx<Tuple3<A0, A1, A2>, T2> input2 = (acc, item) -> accumulate2.accept(acc.f2(), item);
        return new AggregateOperationImpl<>(parts.createFn(), List.of(input0, input1, input2),
                parts.combineFn(), parts.deductFn(), parts.exportFn(exportFinishFn), parts.finishFn(exportFinishFn));
    }

    static <T, A, R> Collector<T, A, R> toCollector(AggregateOperation1<? super T, A, ? extends R> op) {
        BiConsumerEx<? super A, ? super T> accumulateFn = op.accumulateFn();
        BiConsumerEx<? super A, ? super A> combineFn = op.combineFn();
        FunctionEx<? super A, ? extends R> finishFn = op.finishFn();
        return Collector.of(
                op.createFn(),
                accumulateFn::accept,
                (left, right) -> {
                    if (combineFn == null) {
                        throw new UnsupportedOperationException("toCollector(): the aggregate operation has no "
                                + "combineFn, so its collector cannot merge the partial results of a parallel "
                                + "stream; collect a sequential stream (stream.sequential())");
                    }
                    combineFn.accept(left, right);
                    return left;
                },
                finishFn::apply);
    }
}
