package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.StreamStageWithKey;
import io.sluice.engine.pipeline.WindowAggregateBuilder;
import io.sluice.engine.pipeline.WindowAggregateBuilder1;
import io.sluice.engine.pipeline.WindowGroupAggregateBuilder;
import io.sluice.engine.pipeline.WindowGroupAggregateBuilder1;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The windowed co-aggregation builders: they collect the further inputs (and, for the
 * separate-operations form, one operation per input) and attach one {@link WindowAggregateTransform}
 * through {@link StageWithWindowImpl#attach}, exactly as {@code aggregate2/3} do. Input {@code i}
 * of the operation is the stage whose tag has index {@code i}; the stage the builder came from is 0.
 */
final class WindowAggregateBuilders {
    private WindowAggregateBuilders() {
    }

    /** Inputs 1.. and the state shared by the four builders. */
    private abstract static class Base {
        final StageWithWindowImpl<?> windowed;
        final List<StageWithWindowImpl.Input> others = new ArrayList<>();
        private boolean built;

        Base(StageWithWindowImpl<?> windowed) {
            this.windowed = windowed;
        }

        <T> Tag<T> addInput(StageWithWindowImpl.Input input) {
            checkNotBuilt();
            Objects.requireNonNull(input.stage(), "stage must not be null");
            others.add(input);
            return Tag.tag(others.size());
        }

        void checkNotBuilt() {
            if (built) {
                throw new IllegalStateException("this aggregate builder was already built: get a new one from"
                        + " aggregateBuilder(..)");
            }
        }

        <RET> RET attach(AggregateOperation<?, ?> op, String method) {
            checkNotBuilt();
            StageWithWindowImpl.checkArity(op, others.size() + 1, method);
            built = true;
            return windowed.attach(others, op);
        }

        String param() {
            return "stage" + (others.size() + 1);
        }
    }

    /** Separate operations: collects one operation per input and builds an {@link ItemsByTag} result. */
    private abstract static class SeparateBase extends Base {
        final List<AggregateOperation1<?, ?, ?>> ops = new ArrayList<>();

        SeparateBase(StageWithWindowImpl<?> windowed, AggregateOperation1<?, ?, ?> op0) {
            super(windowed);
            ops.add(checkOp(op0, "aggrOp0"));
        }

        <T> Tag<T> addWithOp(StageWithWindowImpl.Input input, AggregateOperation1<?, ?, ?> op) {
            checkOp(op, "aggrOp");
            Tag<T> tag = addInput(input);
            ops.add(op);
            return tag;
        }

        <RET> RET attachTagged() {
            return attach(coAggregate(ops), "aggregateBuilder(aggrOp0).build()");
        }

        /** One operation of arity {@code ops.size()}: input {@code i} by {@code ops.get(i)}, results by {@code Tag.tag(i)}. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static io.sluice.engine.aggregate.AggregateOperation<Object[], ItemsByTag> coAggregate(
                List<AggregateOperation1<?, ?, ?>> ops) {
            io.sluice.engine.aggregate.CoAggregateOperationBuilder builder =
                    io.sluice.engine.aggregate.AggregateOperations.coAggregateOperationBuilder();
            for (int i = 0; i < ops.size(); i++) {
                builder.add(Tag.tag(i), (AggregateOperation1) ops.get(i));
            }
            return builder.build();
        }

        private static AggregateOperation1<?, ?, ?> checkOp(AggregateOperation1<?, ?, ?> op, String param) {
            Objects.requireNonNull(op, () -> param + " must not be null");
            return Util.checkSerializable(op, param);
        }
    }

    static final class Separate<R0> extends SeparateBase implements WindowAggregateBuilder<R0> {
        Separate(StageWithWindowImpl<?> windowed, AggregateOperation1<?, ?, ?> op0) {
            super(windowed, op0);
        }

        @Override
        public Tag<R0> tag0() {
            return Tag.tag0();
        }

        @Override
        public <T, R> Tag<R> add(StreamStage<T> stage, AggregateOperation1<? super T, ?, ? extends R> aggrOp) {
            return addWithOp(new StageWithWindowImpl.Input(stage, null, param()), aggrOp);
        }

        @Override
        public StreamStage<WindowResult<ItemsByTag>> build() {
            return attachTagged();
        }
    }

    static final class KeyedSeparate<K, R0> extends SeparateBase implements WindowGroupAggregateBuilder<K, R0> {
        KeyedSeparate(StageWithWindowImpl<?> windowed, AggregateOperation1<?, ?, ?> op0) {
            super(windowed, op0);
        }

        @Override
        public Tag<R0> tag0() {
            return Tag.tag0();
        }

        @Override
        public <T, R> Tag<R> add(StreamStageWithKey<T, K> stage, AggregateOperation1<? super T, ?, ? extends R> aggrOp) {
            return addWithOp(StageWithKeyAndWindowImpl.input(stage, param()), aggrOp);
        }

        @Override
        public StreamStage<KeyedWindowResult<K, ItemsByTag>> build() {
            return attachTagged();
        }
    }

    static final class Single<T0> extends Base implements WindowAggregateBuilder1<T0> {
        Single(StageWithWindowImpl<?> windowed) {
            super(windowed);
        }

        @Override
        public Tag<T0> tag0() {
            return Tag.tag0();
        }

        @Override
        public <T> Tag<T> add(StreamStage<T> stage) {
            return addInput(new StageWithWindowImpl.Input(stage, null, param()));
        }

        @Override
        public <A, R> StreamStage<WindowResult<R>> build(AggregateOperation<A, ? extends R> aggrOp) {
            return attach(aggrOp, "aggregateBuilder().build(aggrOp)");
        }
    }

    static final class KeyedSingle<T0, K> extends Base implements WindowGroupAggregateBuilder1<T0, K> {
        KeyedSingle(StageWithWindowImpl<?> windowed) {
            super(windowed);
        }

        @Override
        public Tag<T0> tag0() {
            return Tag.tag0();
        }

        @Override
        public <T> Tag<T> add(StreamStageWithKey<T, K> stage) {
            return addInput(StageWithKeyAndWindowImpl.input(stage, param()));
        }

        @Override
        public <A, R> StreamStage<KeyedWindowResult<K, R>> build(AggregateOperation<A, ? extends R> aggrOp) {
            return attach(aggrOp, "aggregateBuilder().build(aggrOp)");
        }
    }
}
