package io.sluice.engine;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.ToLongFunctionEx;

import java.util.ArrayList;
import java.util.List;

/**
 * Small aggregate operations for tests, until the real {@code AggregateOperations} lands (in
 * another branch). Not a public API.
 */
public final class TestAggregateOps {
    private TestAggregateOps() {
    }

    /** Counts items. */
    public static <T> AggregateOperation1<T, long[], Long> counting() {
        return new SimpleOp<T, long[], Long>(() -> new long[1], (a, t) -> a[0]++, (a, b) -> a[0] += b[0], a -> a[0]);
    }

    /** Sums {@code fn(item)}. */
    public static <T> AggregateOperation1<T, long[], Long> summing(ToLongFunctionEx<? super T> fn) {
        return new SimpleOp<T, long[], Long>(() -> new long[1], (a, t) -> a[0] += fn.applyAsLong(t), (a, b) -> a[0] += b[0],
                a -> a[0]);
    }

    /** Collects the items into a list (order not defined across instances). */
    public static <T> AggregateOperation1<T, ArrayList<T>, List<T>> toList() {
        return new SimpleOp<T, ArrayList<T>, List<T>>(ArrayList::new, ArrayList::add, ArrayList::addAll, a -> a);
    }

    /** An aggregate operation of one input from four functions. */
    public record SimpleOp<T, A, R>(SupplierEx<A> createFn, BiConsumerEx<? super A, ? super T> accumulateFn,
                                    BiConsumerEx<? super A, ? super A> combineFn, FunctionEx<? super A, ? extends R> finishFn)
            implements AggregateOperation1<T, A, R> {

        @Override
        public int arity() {
            return 1;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T1> BiConsumerEx<? super A, ? super T1> accumulateFn(int index) {
            if (index != 0) {
                throw new IllegalArgumentException("index must be 0, but was " + index);
            }
            return (BiConsumerEx<? super A, ? super T1>) accumulateFn;
        }

        @Override
        public BiConsumerEx<? super A, ? super A> deductFn() {
            return null;
        }

        @Override
        public FunctionEx<? super A, ? extends R> exportFn() {
            return finishFn;
        }
    }
}
