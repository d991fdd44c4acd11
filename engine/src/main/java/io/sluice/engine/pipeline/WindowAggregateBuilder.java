package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.WindowResult;

/**
 * Builds a windowed co-aggregation of any number of streams, each aggregated with its own
 * operation (Jet's {@code WindowAggregateBuilder}). Get it from
 * {@link StageWithWindow#aggregateBuilder(AggregateOperation1)}: that stage is input 0 under
 * {@link #tag0()}; {@link #add} registers further streams. {@link #build()} attaches the stage,
 * which emits one {@code WindowResult(start, end, itemsByTag)} per window in which any stream has
 * items, each operation's result under its tag.
 *
 * <pre>{@code
 * WindowAggregateBuilder<Long> b = visits.window(WindowDefinition.tumbling(1_000))
 *         .aggregateBuilder(AggregateOperations.counting());
 * Tag<Long> visitsTag = b.tag0();
 * Tag<Long> cartsTag = b.add(carts, AggregateOperations.counting());
 * b.build().map(wr -> wr.result().get(cartsTag) + " carts / " + wr.result().get(visitsTag) + " visits");
 * }</pre>
 *
 * <p>Not thread-safe; build once.
 *
 * @param <R0> result type of input 0's operation
 */
public interface WindowAggregateBuilder<R0> {

    /** The tag of input 0's result. */
    Tag<R0> tag0();

    /**
     * Adds a stream and the operation for its items.
     *
     * @param stage  a stream of this pipeline with timestamps
     * @param aggrOp the operation; must be serializable
     * @return the tag of its result in the {@link ItemsByTag}
     */
    <T, R> Tag<R> add(StreamStage<T> stage, AggregateOperation1<? super T, ?, ? extends R> aggrOp);

    /**
     * Attaches the co-aggregating stage.
     *
     * @return the newly attached stage
     */
    StreamStage<WindowResult<ItemsByTag>> build();
}
