package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tag;

/**
 * Builds a keyed windowed co-aggregation of any number of keyed streams, each aggregated with its
 * own operation (Jet's {@code WindowGroupAggregateBuilder}). Get it from
 * {@link StageWithKeyAndWindow#aggregateBuilder(AggregateOperation1)}: that stage is input 0 under
 * {@link #tag0()}; {@link #add} registers further keyed streams. {@link #build()} attaches the
 * stage, which emits one {@code KeyedWindowResult(start, end, key, itemsByTag)} per key and
 * window in which any stream has items of that key.
 *
 * <pre>{@code
 * WindowGroupAggregateBuilder<String, Long> b = visits.groupingKey(Visit::user)
 *         .window(WindowDefinition.tumbling(1_000))
 *         .aggregateBuilder(AggregateOperations.counting());
 * Tag<Long> cartsTag = b.add(carts.groupingKey(Cart::user), AggregateOperations.counting());
 * StreamStage<KeyedWindowResult<String, ItemsByTag>> perUser = b.build();
 * }</pre>
 *
 * <p>Not thread-safe; build once.
 *
 * @param <K>  key type
 * @param <R0> result type of input 0's operation
 */
public interface WindowGroupAggregateBuilder<K, R0> {

    /** The tag of input 0's result. */
    Tag<R0> tag0();

    /**
     * Adds a keyed stream and the operation for its items.
     *
     * @param stage  a keyed stream of this pipeline with timestamps
     * @param aggrOp the operation; must be serializable
     * @return the tag of its result in the {@link ItemsByTag}
     */
    <T, R> Tag<R> add(StreamStageWithKey<T, K> stage, AggregateOperation1<? super T, ?, ? extends R> aggrOp);

    /**
     * Attaches the co-aggregating stage.
     *
     * @return the newly attached stage
     */
    StreamStage<KeyedWindowResult<K, ItemsByTag>> build();
}
