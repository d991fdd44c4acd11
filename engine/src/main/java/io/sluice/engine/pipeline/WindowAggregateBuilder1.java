package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.WindowResult;

/**
 * Builds a windowed co-aggregation of any number of streams with one multi-input operation
 * (Jet's {@code WindowAggregateBuilder1}). Get it from {@link StageWithWindow#aggregateBuilder()}:
 * that stage is input 0 under {@link #tag0()}; each {@link #add} registers the next input. The
 * operation given to {@link #build} must have one input per stage: its {@code accumulateFn(tag)}
 * takes the items of the stage with that tag.
 *
 * <pre>{@code
 * WindowAggregateBuilder1<Visit> b = visits.window(WindowDefinition.tumbling(1_000)).aggregateBuilder();
 * Tag<Cart> cartTag = b.add(carts);
 * StreamStage<WindowResult<Long>> events = b.build(AggregateOperation
 *         .withCreate(LongAccumulator::new)
 *         .<Visit>andAccumulate0((acc, v) -> acc.add(1))
 *         .<Cart>andAccumulate1((acc, c) -> acc.add(1))
 *         .andCombine(LongAccumulator::add)
 *         .andExportFinish(LongAccumulator::get));
 * }</pre>
 *
 * @param <T0> item type of input 0
 */
public interface WindowAggregateBuilder1<T0> {

    /** The tag of input 0. */
    Tag<T0> tag0();

    /**
     * Adds a stream as the next input.
     *
     * @param stage a stream of this pipeline with timestamps
     * @return its tag: the input index of the operation its items go to
     */
    <T> Tag<T> add(StreamStage<T> stage);

    /**
     * Attaches the co-aggregating stage.
     *
     * @param aggrOp an operation whose arity is the number of stages; must be serializable
     * @return the newly attached stage
     * @throws IllegalArgumentException if the arity does not match
     */
    <A, R> StreamStage<WindowResult<R>> build(AggregateOperation<A, ? extends R> aggrOp);
}
