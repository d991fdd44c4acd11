package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tag;

/**
 * Builds a stage that co-groups any number of keyed batch stages by key and aggregates each
 * stage's items with its own single-input operation (Jet's {@code GroupAggregateBuilder}). Get it
 * from {@link BatchStageWithKey#aggregateBuilder(AggregateOperation1)
 * stage0.aggregateBuilder(aggrOp0)}; each {@link #add} returns the tag of that stage's result in
 * the {@link ItemsByTag} of each key.
 *
 * <pre>{@code
 * GroupAggregateBuilder<String, Long> b = visits.groupingKey(Visit::user).aggregateBuilder(counting());
 * Tag<Long> visitCount = b.tag0();
 * Tag<Long> paid = b.add(payments.groupingKey(Payment::user), summingLong(Payment::amount));
 * BatchStage<KeyedResult<String, ItemsByTag>> perUser = b.build();
 * }</pre>
 *
 * <p>A key present in only some stages gets, for the others, the result of an empty accumulator
 * (0 for {@code counting()}). The operations run in two stages if all of them have a
 * {@code combineFn}, else in one (items partitioned by key). The builder is not thread-safe; each
 * {@code build} attaches a new stage.
 *
 * @param <K>  the grouping key type
 * @param <R0> the result type of stage 0's operation
 */
public interface GroupAggregateBuilder<K, R0> {

    /** The tag of the result of the stage this builder was obtained from (index 0). */
    Tag<R0> tag0();

    /**
     * Adds a keyed stage to co-group, with the operation on its items.
     *
     * @param stage  a keyed stage of the same pipeline, whose keys are compared with {@code equals}
     *               to the other stages' keys
     * @param aggrOp the operation on {@code stage}'s items; must be serializable
     * @param <T>    {@code stage}'s item type
     * @param <R>    the operation's result type
     * @return the tag of the operation's result
     */
    <T, R> Tag<R> add(BatchStageWithKey<T, ? extends K> stage, AggregateOperation1<? super T, ?, ? extends R> aggrOp);

    /**
     * Attaches the co-grouping stage, which emits {@code KeyedResult(key, results by tag)} for each
     * key seen in any stage when all inputs are exhausted.
     *
     * @return the newly attached stage
     */
    BatchStage<KeyedResult<K, ItemsByTag>> build();
}
