package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tag;

/**
 * Builds a keyed windowed co-aggregation of any number of keyed streams with one multi-input
 * operation (Jet's {@code WindowGroupAggregateBuilder1}). Get it from
 * {@link StageWithKeyAndWindow#aggregateBuilder()}: that stage is input 0 under {@link #tag0()};
 * each {@link #add} registers the next input. The operation given to {@link #build} must have one
 * input per stage: its {@code accumulateFn(tag)} takes the items of the stage with that tag.
 *
 * <pre>{@code
 * WindowGroupAggregateBuilder1<Visit, String> b = visits.groupingKey(Visit::user)
 *         .window(WindowDefinition.tumbling(1_000))
 *         .aggregateBuilder();
 * Tag<Cart> cartTag = b.add(carts.groupingKey(Cart::user));
 * StreamStage<KeyedWindowResult<String, Long>> events = b.build(AggregateOperation
 *         .withCreate(LongAccumulator::new)
 *         .<Visit>andAccumulate0((acc, v) -> acc.add(1))
 *         .<Cart>andAccumulate1((acc, c) -> acc.add(1))
 *         .andCombine(LongAccumulator::add)
 *         .andExportFinish(LongAccumulator::get));
 * }</pre>
 *
 * @param <T0> item type of input 0
 * @param <K>  key type
 */
public interface WindowGroupAggregateBuilder1<T0, K> {

    /** The tag of input 0. */
    Tag<T0> tag0();

    /**
     * Adds a keyed stream as the next input.
     *
     * @param stage a keyed stream of this pipeline with timestamps
     * @return its tag: the input index of the operation its items go to
     */
    <T> Tag<T> add(StreamStageWithKey<T, K> stage);

    /**
     * Attaches the co-aggregating stage.
     *
     * @param aggrOp an operation whose arity is the number of stages; must be serializable
     * @return the newly attached stage
     * @throws IllegalArgumentException if the arity does not match
     */
    <A, R> StreamStage<KeyedWindowResult<K, R>> build(AggregateOperation<A, ? extends R> aggrOp);
}
