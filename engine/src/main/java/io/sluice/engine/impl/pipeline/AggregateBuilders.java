package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.aggregate.CoAggregateOperationBuilder;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.AggregateBuilder;
import io.sluice.engine.pipeline.AggregateBuilder1;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.BatchStageWithKey;
import io.sluice.engine.pipeline.GroupAggregateBuilder;
import io.sluice.engine.pipeline.GroupAggregateBuilder1;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The batch aggregate builders: global ({@link AggregateBuilder}, {@link AggregateBuilder1}) and
 * keyed ({@link GroupAggregateBuilder}, {@link GroupAggregateBuilder1}). Each collects the added
 * stages (input {@code i} has tag {@code i}, the stage the builder came from is input 0) and, for the
 * forms with one operation per stage, a {@link CoAggregateOperationBuilder}; {@code build} attaches
 * one {@link AggregateTransform} over all inputs.
 */
final class AggregateBuilders {
    private AggregateBuilders() {
    }

    private static void checkArity(AggregateOperation<?, ?> aggrOp, int inputs) {
        Objects.requireNonNull(aggrOp, "aggrOp must not be null");
        if (aggrOp.arity() != inputs) {
            throw new IllegalArgumentException("aggrOp must have arity " + inputs + " (one input per stage: tag0() and the "
                    + (inputs - 1) + " added), but has arity " + aggrOp.arity() + "; make it with"
                    + " AggregateOperations.coAggregateOperationBuilder() and the tags of this builder");
        }
        Util.checkSerializable(aggrOp, "aggrOp");
    }

    /** {@link AggregateBuilder}: one operation per stage, results by tag. */
    static final class Global<R0> implements AggregateBuilder<R0> {
        private final BatchStageImpl<?> stage0;
        private final List<AbstractTransform> others = new ArrayList<>();
        private final CoAggregateOperationBuilder ops = AggregateOperations.coAggregateOperationBuilder();

        <T0> Global(BatchStageImpl<T0> stage0, AggregateOperation1<? super T0, ?, ? extends R0> aggrOp0) {
            this.stage0 = stage0;
            ops.add(Tag.<T0>tag0(), aggrOp0);
        }

        @Override
        public Tag<R0> tag0() {
            return Tag.tag0();
        }

        @Override
        public <T, R> Tag<R> add(BatchStage<T> stage, AggregateOperation1<? super T, ?, ? extends R> aggrOp) {
            AbstractTransform t = stage0.pipeline.transformOf(stage, "stage");
            Util.checkSerializable(aggrOp, "aggrOp");
            others.add(t);
            return ops.add(Tag.<T>tag(others.size()), aggrOp);
        }

        @Override
        public BatchStage<ItemsByTag> build() {
            return build(FunctionEx.identity());
        }

        @Override
        public <R> BatchStage<R> build(FunctionEx<? super ItemsByTag, ? extends R> finishFn) {
            return stage0.attachCoAggregate(List.copyOf(others), ops.build(Util.checkSerializable(finishFn, "finishFn")));
        }
    }

    /** {@link AggregateBuilder1}: one multi-input operation. */
    static final class Global1<T0> implements AggregateBuilder1<T0> {
        private final BatchStageImpl<T0> stage0;
        private final List<AbstractTransform> others = new ArrayList<>();

        Global1(BatchStageImpl<T0> stage0) {
            this.stage0 = stage0;
        }

        @Override
        public Tag<T0> tag0() {
            return Tag.tag0();
        }

        @Override
        public <T> Tag<T> add(BatchStage<T> stage) {
            others.add(stage0.pipeline.transformOf(stage, "stage"));
            return Tag.tag(others.size());
        }

        @Override
        public <R> BatchStage<R> build(AggregateOperation<?, ? extends R> aggrOp) {
            checkArity(aggrOp, 1 + others.size());
            return stage0.attachCoAggregate(List.copyOf(others), aggrOp);
        }
    }

    /** {@link GroupAggregateBuilder}: one operation per keyed stage, results by tag per key. */
    static final class Keyed<K, R0> implements GroupAggregateBuilder<K, R0> {
        private final BatchStageWithKeyImpl<?, K> stage0;
        private final List<BatchStageWithKeyImpl.KeyedInput> others = new ArrayList<>();
        private final CoAggregateOperationBuilder ops = AggregateOperations.coAggregateOperationBuilder();

        <T0> Keyed(BatchStageWithKeyImpl<T0, K> stage0, AggregateOperation1<? super T0, ?, ? extends R0> aggrOp0) {
            this.stage0 = stage0;
            ops.add(Tag.<T0>tag0(), aggrOp0);
        }

        @Override
        public Tag<R0> tag0() {
            return Tag.tag0();
        }

        @Override
        public <T, R> Tag<R> add(BatchStageWithKey<T, ? extends K> stage, AggregateOperation1<? super T, ?, ? extends R> aggrOp) {
            BatchStageWithKeyImpl.KeyedInput in = stage0.keyedInput(stage, "stage");
            Util.checkSerializable(aggrOp, "aggrOp");
            others.add(in);
            return ops.add(Tag.<T>tag(others.size()), aggrOp);
        }

        @Override
        public BatchStage<KeyedResult<K, ItemsByTag>> build() {
            return stage0.attachCoGroup(List.copyOf(others), ops.build());
        }
    }

    /** {@link GroupAggregateBuilder1}: one multi-input operation over keyed stages. */
    static final class Keyed1<T0, K> implements GroupAggregateBuilder1<T0, K> {
        private final BatchStageWithKeyImpl<T0, K> stage0;
        private final List<BatchStageWithKeyImpl.KeyedInput> others = new ArrayList<>();

        Keyed1(BatchStageWithKeyImpl<T0, K> stage0) {
            this.stage0 = stage0;
        }

        @Override
        public Tag<T0> tag0() {
            return Tag.tag0();
        }

        @Override
        public <T> Tag<T> add(BatchStageWithKey<T, ? extends K> stage) {
            others.add(stage0.keyedInput(stage, "stage"));
            return Tag.tag(others.size());
        }

        @Override
        public <R> BatchStage<KeyedResult<K, R>> build(AggregateOperation<?, ? extends R> aggrOp) {
            checkArity(aggrOp, 1 + others.size());
            return stage0.attachCoGroup(List.copyOf(others), aggrOp);
        }
    }
}
