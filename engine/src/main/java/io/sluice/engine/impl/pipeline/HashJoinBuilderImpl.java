package io.sluice.engine.impl.pipeline;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.GeneralHashJoinBuilder;
import io.sluice.engine.pipeline.HashJoinBuilder;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.StreamHashJoinBuilder;
import io.sluice.engine.pipeline.StreamStage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hash join builders of batch and stream stages: collect build sides and their clauses; the
 * side added i-th (from 1) gets {@code Tag.tag(i)}. Nothing is added to the pipeline until
 * {@code build}, which attaches one {@link HashJoinTransform}.
 *
 * @param <T0> the primary stage's item type
 */
abstract class HashJoinBuilderImpl<T0> implements GeneralHashJoinBuilder<T0> {
    private final ComputeStageImplBase<T0> primary;
    private final List<AbstractTransform> sides = new ArrayList<>();
    private final List<JoinClause<?, ?, ?, ?>> clauses = new ArrayList<>();
    private final List<Tag<?>> tags = new ArrayList<>();

    HashJoinBuilderImpl(ComputeStageImplBase<T0> primary) {
        this.primary = primary;
    }

    @Override
    public <K, T1_IN, T1> Tag<T1> add(BatchStage<T1_IN> stage, JoinClause<K, ? super T0, ? super T1_IN, ? extends T1> joinClause) {
        AbstractTransform side = primary.pipeline.transformOf(stage, "stage");
        Objects.requireNonNull(joinClause, "joinClause must not be null");
        Tag<T1> tag = Tag.tag(sides.size() + 1);
        sides.add(side);
        clauses.add(joinClause);
        tags.add(tag);
        return tag;
    }

    <RET> RET attach(BiFunctionEx<?, ?, ?> mapToOutputFn) {
        return primary.attachHashJoinN(sides, clauses, tags, mapToOutputFn);
    }

    static final class Batch<T0> extends HashJoinBuilderImpl<T0> implements HashJoinBuilder<T0> {
        Batch(ComputeStageImplBase<T0> primary) {
            super(primary);
        }

        @Override
        public <R> BatchStage<R> build(BiFunctionEx<? super T0, ? super ItemsByTag, ? extends R> mapToOutputFn) {
            return attach(mapToOutputFn);
        }
    }

    static final class Stream<T0> extends HashJoinBuilderImpl<T0> implements StreamHashJoinBuilder<T0> {
        Stream(ComputeStageImplBase<T0> primary) {
            super(primary);
        }

        @Override
        public <R> StreamStage<R> build(BiFunctionEx<? super T0, ? super ItemsByTag, ? extends R> mapToOutputFn) {
            return attach(mapToOutputFn);
        }
    }
}
