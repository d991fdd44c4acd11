package io.sluice.engine.aggregate;

import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.aggregate.AggregateOperation1Impl;
import io.sluice.engine.impl.aggregate.AggregateOperationImpl;

import java.util.ArrayList;
import java.util.List;

import static io.sluice.engine.impl.util.Util.checkSerializable;

/**
 * A staged builder of {@link AggregateOperation}s; start it with
 * {@link AggregateOperation#withCreate(SupplierEx)}. Each step returns a new, immutable stage that
 * offers only the steps allowed next, so a half-built operation does not compile:
 * <ol>
 * <li>{@code withCreate}, then either {@code andAccumulate} (one input, builds an
 * {@link AggregateOperation1}) or {@code andAccumulate0}, {@code andAccumulate1} and optionally
 * {@code andAccumulate2} (two or three inputs, for co-aggregation);</li>
 * <li>{@code andCombine}: lets Sluice aggregate in two stages (partial accumulation before the
 * partitioned edge, combining after it). Leave it out (go straight to an export step), or pass
 * {@code null}, for an operation that cannot combine: it then runs in a single stage, see
 * {@link AggregateOperation};</li>
 * <li>{@code andDeduct}: optional, needs a combine; lets sliding windows remove a frame instead of
 * recombining;</li>
 * <li>{@code andExportFinish(fn)}, or {@code andExport(fn).andFinish(fn)} when the final result
 * may reuse the accumulator's state (saving a copy) but intermediate results may not.</li>
 * </ol>
 * Every function must be serializable; this is checked when the step is called.
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
 * @param <A> accumulator type
 */
public final class AggregateOperationBuilder<A> {
    private final SupplierEx<A> createFn;

    AggregateOperationBuilder(SupplierEx<A> createFn) {
        this.createFn = checkSerializable(createFn, "createFn");
    }

    /**
     * Sets the accumulate primitive of a single-input operation.
     *
     * @param accumulateFn adds one item to the accumulator; must be stateless
     * @param <T>          item type
     * @return the next stage, which takes {@code andCombine} or an export step
     */
    public <T> Arity1<T, A> andAccumulate(BiConsumerEx<? super A, ? super T> accumulateFn) {
        checkSerializable(accumulateFn, "accumulateFn");
        return new Arity1<>(createFn, accumulateFn);
    }

    /**
     * Sets the accumulate primitive of input 0 of a multi-input operation; continue with
     * {@code andAccumulate1}.
     *
     * @param accumulateFn0 adds one item of input 0 to the accumulator; must be stateless
     * @param <T0>          item type of input 0
     * @return the next stage, which needs {@code andAccumulate1}
     */
    public <T0> Input0<A> andAccumulate0(BiConsumerEx<? super A, ? super T0> accumulateFn0) {
        checkSerializable(accumulateFn0, "accumulateFn0");
        return new Input0<>(createFn, accumulateFn0);
    }

    /**
     * A single-input operation whose accumulate primitive is set; it takes {@code andCombine}, or
     * an export step for an operation that cannot combine.
     *
     * @param <T> item type
     * @param <A> accumulator type
     */
    public static final class Arity1<T, A> {
        private final SupplierEx<A> createFn;
        private final BiConsumerEx<? super A, ? super T> accumulateFn;

        private Arity1(SupplierEx<A> createFn, BiConsumerEx<? super A, ? super T> accumulateFn) {
            this.createFn = createFn;
            this.accumulateFn = accumulateFn;
        }

        /**
         * Sets the combine primitive.
         *
         * @param combineFn adds the right accumulator's contents into the left one, leaving the
         *                  right one unchanged; must accept an empty (just created) accumulator on
         *                  either side, and must be stateless. Nullable: {@code null} means the
         *                  operation cannot combine and runs in a single stage (as when this step
         *                  is left out); useful to pass on the combine of another operation
         * @return the next stage, which may take {@code andDeduct} and needs an export step
         */
        public Arity1Combinable<T, A> andCombine(BiConsumerEx<? super A, ? super A> combineFn) {
            checkSerializableIfSet(combineFn, "combineFn");
            return new Arity1Combinable<>(createFn, accumulateFn, combineFn, null);
        }

        /**
         * Builds an operation that cannot combine (it runs in a single stage), with one function as
         * both the export and the finish primitive.
         *
         * <pre>{@code
         * AggregateOperation1<String, List<String>, String> firstThree = AggregateOperation
         *         .<List<String>>withCreate(ArrayList::new)
         *         .<String>andAccumulate((list, s) -> {
         *             if (list.size() < 3) {
         *                 list.add(s);
         *             }
         *         })
         *         .andExportFinish(list -> String.join(",", list));
         * }</pre>
         *
         * @param exportFinishFn computes the result from the accumulator without changing it;
         *                       must be stateless
         * @param <R>            result type
         * @return the new operation, whose {@code combineFn()} is {@code null}
         */
        public <R> AggregateOperation1<T, A, R> andExportFinish(FunctionEx<? super A, ? extends R> exportFinishFn) {
            return andCombine(null).andExportFinish(exportFinishFn);
        }

        /**
         * Sets the export primitive of an operation that cannot combine (it runs in a single
         * stage); continue with {@code andFinish}.
         *
         * @param exportFn computes the current result without changing the accumulator or
         *                 sharing mutable state with it; must be stateless
         * @param <R>      result type
         * @return the next stage, which needs {@code andFinish}
         */
        public <R> Arity1Exportable<T, A, R> andExport(FunctionEx<? super A, ? extends R> exportFn) {
            return andCombine(null).andExport(exportFn);
        }
    }

    /**
     * A single-input operation past its combine step (its combine primitive may be {@code null});
     * it may take {@code andDeduct} and needs {@code andExportFinish} or {@code andExport}.
     *
     * @param <T> item type
     * @param <A> accumulator type
     */
    public static final class Arity1Combinable<T, A> {
        private final SupplierEx<A> createFn;
        private final BiConsumerEx<? super A, ? super T> accumulateFn;
        private final BiConsumerEx<? super A, ? super A> combineFn;
        private final BiConsumerEx<? super A, ? super A> deductFn;

        private Arity1Combinable(SupplierEx<A> createFn, BiConsumerEx<? super A, ? super T> accumulateFn,
                                 BiConsumerEx<? super A, ? super A> combineFn,
                                 BiConsumerEx<? super A, ? super A> deductFn) {
            this.createFn = createFn;
            this.accumulateFn = accumulateFn;
            this.combineFn = combineFn;
            this.deductFn = deductFn;
        }

        /**
         * Sets the deduct primitive. Leave it out if the operation cannot undo a combine.
         *
         * @param deductFn removes the right accumulator's contents from the left one, which must
         *                 earlier have been combined with it; must be stateless
         * @return a stage like this one, with deduct set
         * @throws IllegalStateException if a deduct primitive is already set, or the combine
         *                               primitive is {@code null}
         */
        public Arity1Combinable<T, A> andDeduct(BiConsumerEx<? super A, ? super A> deductFn) {
            checkDeductAllowed(this.combineFn, this.deductFn);
            checkSerializable(deductFn, "deductFn");
            return new Arity1Combinable<>(createFn, accumulateFn, combineFn, deductFn);
        }

        /**
         * Sets one function as both the export and the finish primitive and builds the operation.
         *
         * @param exportFinishFn computes the result from the accumulator without changing it;
         *                       must be stateless
         * @param <R>            result type
         * @return the new operation
         */
        public <R> AggregateOperation1<T, A, R> andExportFinish(FunctionEx<? super A, ? extends R> exportFinishFn) {
            checkSerializable(exportFinishFn, "exportFinishFn");
            return new AggregateOperation1Impl<>(createFn, accumulateFn, combineFn, deductFn,
                    exportFinishFn, exportFinishFn);
        }

        /**
         * Sets the export primitive; continue with {@code andFinish}.
         *
         * @param exportFn computes the current result without changing the accumulator or
         *                 sharing mutable state with it; must be stateless
         * @param <R>      result type
         * @return the next stage, which needs {@code andFinish}
         */
        public <R> Arity1Exportable<T, A, R> andExport(FunctionEx<? super A, ? extends R> exportFn) {
            checkSerializable(exportFn, "exportFn");
            return new Arity1Exportable<>(this, exportFn);
        }
    }

    /**
     * A single-input operation with its export primitive set; it needs {@code andFinish}.
     *
     * @param <T> item type
     * @param <A> accumulator type
     * @param <R> result type
     */
    public static final class Arity1Exportable<T, A, R> {
        private final Arity1Combinable<T, A> previous;
        private final FunctionEx<? super A, ? extends R> exportFn;

        private Arity1Exportable(Arity1Combinable<T, A> previous, FunctionEx<? super A, ? extends R> exportFn) {
            this.previous = previous;
            this.exportFn = exportFn;
        }

        /**
         * Sets the finish primitive and builds the operation.
         *
         * @param finishFn computes the final result; may return or reuse the accumulator's own
         *                 state, because the accumulator is not used afterwards; must be stateless
         * @return the new operation
         */
        public AggregateOperation1<T, A, R> andFinish(FunctionEx<? super A, ? extends R> finishFn) {
            checkSerializable(finishFn, "finishFn");
            return new AggregateOperation1Impl<>(previous.createFn, previous.accumulateFn, previous.combineFn,
                    previous.deductFn, exportFn, finishFn);
        }
    }

    /**
     * A multi-input operation with the accumulate primitive of input 0 set; it needs
     * {@code andAccumulate1}.
     *
     * @param <A> accumulator type
     */
    public static final class Input0<A> {
        private final SupplierEx<A> createFn;
        private final BiConsumerEx<? super A, ?> accumulateFn0;

        private Input0(SupplierEx<A> createFn, BiConsumerEx<? super A, ?> accumulateFn0) {
            this.createFn = createFn;
            this.accumulateFn0 = accumulateFn0;
        }

        /**
         * Sets the accumulate primitive of input 1.
         *
         * @param accumulateFn1 adds one item of input 1 to the accumulator; must be stateless
         * @param <T1>          item type of input 1
         * @return the next stage, which may take {@code andAccumulate2}, and takes {@code andCombine}
         *         or an export step
         */
        public <T1> Arity2<A> andAccumulate1(BiConsumerEx<? super A, ? super T1> accumulateFn1) {
            checkSerializable(accumulateFn1, "accumulateFn1");
            return new Arity2<>(createFn, List.of(accumulateFn0, accumulateFn1));
        }
    }

    /**
     * A two-input operation; it may take {@code andAccumulate2}, and takes {@code andCombine} or an
     * export step for an operation that cannot combine.
     *
     * @param <A> accumulator type
     */
    public static final class Arity2<A> {
        private final SupplierEx<A> createFn;
        private final List<BiConsumerEx<? super A, ?>> accumulateFns;

        private Arity2(SupplierEx<A> createFn, List<BiConsumerEx<? super A, ?>> accumulateFns) {
            this.createFn = createFn;
            this.accumulateFns = accumulateFns;
        }

        /**
         * Sets the accumulate primitive of input 2, making a three-input operation.
         *
         * @param accumulateFn2 adds one item of input 2 to the accumulator; must be stateless
         * @param <T2>          item type of input 2
         * @return the next stage, which takes {@code andCombine} or an export step
         */
        public <T2> Arity3<A> andAccumulate2(BiConsumerEx<? super A, ? super T2> accumulateFn2) {
            checkSerializable(accumulateFn2, "accumulateFn2");
            List<BiConsumerEx<? super A, ?>> fns = new ArrayList<>(accumulateFns);
            fns.add(accumulateFn2);
            return new Arity3<>(createFn, List.copyOf(fns));
        }

        /**
         * Sets the combine primitive.
         *
         * @param combineFn adds the right accumulator's contents into the left one, leaving the
         *                  right one unchanged; must accept an empty (just created) accumulator on
         *                  either side, and must be stateless. Nullable: {@code null} means the
         *                  operation cannot combine and runs in a single stage (as when this step
         *                  is left out); useful to pass on the combine of another operation
         * @return the next stage, which may take {@code andDeduct} and needs an export step
         */
        public MultiCombinable<A> andCombine(BiConsumerEx<? super A, ? super A> combineFn) {
            checkSerializableIfSet(combineFn, "combineFn");
            return new MultiCombinable<>(createFn, accumulateFns, combineFn, null);
        }

        /**
         * Builds an operation that cannot combine (it runs in a single stage), with one function as
         * both the export and the finish primitive.
         *
         * @param exportFinishFn computes the result from the accumulator without changing it;
         *                       must be stateless
         * @param <R>            result type
         * @return the new operation, whose {@code combineFn()} is {@code null}
         */
        public <R> AggregateOperation<A, R> andExportFinish(FunctionEx<? super A, ? extends R> exportFinishFn) {
            return andCombine(null).andExportFinish(exportFinishFn);
        }

        /**
         * Sets the export primitive of an operation that cannot combine (it runs in a single
         * stage); continue with {@code andFinish}.
         *
         * @param exportFn computes the current result without changing the accumulator or
         *                 sharing mutable state with it; must be stateless
         * @param <R>      result type
         * @return the next stage, which needs {@code andFinish}
         */
        public <R> MultiExportable<A, R> andExport(FunctionEx<? super A, ? extends R> exportFn) {
            return andCombine(null).andExport(exportFn);
        }
    }

    /**
     * A three-input operation; it takes {@code andCombine}, or an export step for an operation that
     * cannot combine.
     *
     * @param <A> accumulator type
     */
    public static final class Arity3<A> {
        private final SupplierEx<A> createFn;
        private final List<BiConsumerEx<? super A, ?>> accumulateFns;

        private Arity3(SupplierEx<A> createFn, List<BiConsumerEx<? super A, ?>> accumulateFns) {
            this.createFn = createFn;
            this.accumulateFns = accumulateFns;
        }

        /**
         * Sets the combine primitive.
         *
         * @param combineFn adds the right accumulator's contents into the left one, leaving the
         *                  right one unchanged; must accept an empty (just created) accumulator on
         *                  either side, and must be stateless. Nullable: {@code null} means the
         *                  operation cannot combine and runs in a single stage (as when this step
         *                  is left out); useful to pass on the combine of another operation
         * @return the next stage, which may take {@code andDeduct} and needs an export step
         */
        public MultiCombinable<A> andCombine(BiConsumerEx<? super A, ? super A> combineFn) {
            checkSerializableIfSet(combineFn, "combineFn");
            return new MultiCombinable<>(createFn, accumulateFns, combineFn, null);
        }

        /**
         * Builds an operation that cannot combine (it runs in a single stage), with one function as
         * both the export and the finish primitive.
         *
         * @param exportFinishFn computes the result from the accumulator without changing it;
         *                       must be stateless
         * @param <R>            result type
         * @return the new operation, whose {@code combineFn()} is {@code null}
         */
        public <R> AggregateOperation<A, R> andExportFinish(FunctionEx<? super A, ? extends R> exportFinishFn) {
            return andCombine(null).andExportFinish(exportFinishFn);
        }

        /**
         * Sets the export primitive of an operation that cannot combine (it runs in a single
         * stage); continue with {@code andFinish}.
         *
         * @param exportFn computes the current result without changing the accumulator or
         *                 sharing mutable state with it; must be stateless
         * @param <R>      result type
         * @return the next stage, which needs {@code andFinish}
         */
        public <R> MultiExportable<A, R> andExport(FunctionEx<? super A, ? extends R> exportFn) {
            return andCombine(null).andExport(exportFn);
        }
    }

    /**
     * A multi-input operation past its combine step (its combine primitive may be {@code null}); it
     * may take {@code andDeduct} and needs {@code andExportFinish} or {@code andExport}.
     *
     * @param <A> accumulator type
     */
    public static final class MultiCombinable<A> {
        private final SupplierEx<A> createFn;
        private final List<BiConsumerEx<? super A, ?>> accumulateFns;
        private final BiConsumerEx<? super A, ? super A> combineFn;
        private final BiConsumerEx<? super A, ? super A> deductFn;

        private MultiCombinable(SupplierEx<A> createFn, List<BiConsumerEx<? super A, ?>> accumulateFns,
                                BiConsumerEx<? super A, ? super A> combineFn,
                                BiConsumerEx<? super A, ? super A> deductFn) {
            this.createFn = createFn;
            this.accumulateFns = accumulateFns;
            this.combineFn = combineFn;
            this.deductFn = deductFn;
        }

        /**
         * Sets the deduct primitive. Leave it out if the operation cannot undo a combine.
         *
         * @param deductFn removes the right accumulator's contents from the left one, which must
         *                 earlier have been combined with it; must be stateless
         * @return a stage like this one, with deduct set
         * @throws IllegalStateException if a deduct primitive is already set, or the combine
         *                               primitive is {@code null}
         */
        public MultiCombinable<A> andDeduct(BiConsumerEx<? super A, ? super A> deductFn) {
            checkDeductAllowed(this.combineFn, this.deductFn);
            checkSerializable(deductFn, "deductFn");
            return new MultiCombinable<>(createFn, accumulateFns, combineFn, deductFn);
        }

        /**
         * Sets one function as both the export and the finish primitive and builds the operation.
         *
         * @param exportFinishFn computes the result from the accumulator without changing it;
         *                       must be stateless
         * @param <R>            result type
         * @return the new operation
         */
        public <R> AggregateOperation<A, R> andExportFinish(FunctionEx<? super A, ? extends R> exportFinishFn) {
            checkSerializable(exportFinishFn, "exportFinishFn");
            return new AggregateOperationImpl<>(createFn, accumulateFns, combineFn, deductFn,
                    exportFinishFn, exportFinishFn);
        }

        /**
         * Sets the export primitive; continue with {@code andFinish}.
         *
         * @param exportFn computes the current result without changing the accumulator or
         *                 sharing mutable state with it; must be stateless
         * @param <R>      result type
         * @return the next stage, which needs {@code andFinish}
         */
        public <R> MultiExportable<A, R> andExport(FunctionEx<? super A, ? extends R> exportFn) {
            checkSerializable(exportFn, "exportFn");
            return new MultiExportable<>(this, exportFn);
        }
    }

    /**
     * A multi-input operation with its export primitive set; it needs {@code andFinish}.
     *
     * @param <A> accumulator type
     * @param <R> result type
     */
    public static final class MultiExportable<A, R> {
        private final MultiCombinable<A> previous;
        private final FunctionEx<? super A, ? extends R> exportFn;

        private MultiExportable(MultiCombinable<A> previous, FunctionEx<? super A, ? extends R> exportFn) {
            this.previous = previous;
            this.exportFn = exportFn;
        }

        /**
         * Sets the finish primitive and builds the operation.
         *
         * @param finishFn computes the final result; may return or reuse the accumulator's own
         *                 state, because the accumulator is not used afterwards; must be stateless
         * @return the new operation
         */
        public AggregateOperation<A, R> andFinish(FunctionEx<? super A, ? extends R> finishFn) {
            checkSerializable(finishFn, "finishFn");
            return new AggregateOperationImpl<>(previous.createFn, previous.accumulateFns, previous.combineFn,
                    previous.deductFn, exportFn, finishFn);
        }
    }

    private static void checkDeductAllowed(Object combineFn, Object deductFn) {
        if (deductFn != null) {
            throw new IllegalStateException("deductFn was already set: call andDeduct(..) once");
        }
        if (combineFn == null) {
            throw new IllegalStateException("deductFn undoes combineFn, but combineFn is null: "
                    + "pass a non-null combineFn to andCombine(..), or leave out andDeduct(..)");
        }
    }

    private static void checkSerializableIfSet(Object fn, String paramName) {
        if (fn != null) {
            checkSerializable(fn, paramName);
        }
    }
}
