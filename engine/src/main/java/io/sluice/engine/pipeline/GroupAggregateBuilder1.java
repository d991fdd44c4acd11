package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tag;

/**
 * Builds a stage that co-groups any number of keyed batch stages by key and aggregates them with
 * one multi-input operation (Jet's {@code GroupAggregateBuilder1}). Get it from
 * {@link BatchStageWithKey#aggregateBuilder() stage0.aggregateBuilder()}; the stage it came from is
 * input {@code tag0()}, each {@link #add} returns the tag of another input. The operation accumulates
 * the items of input {@code tag} with {@code accumulateFn(tag)};
 * {@code AggregateOperations.coAggregateOperationBuilder()} makes one from single-input operations.
 *
 * <pre>{@code
 * GroupAggregateBuilder1<Visit, String> b = visits.groupingKey(Visit::user).aggregateBuilder();
 * Tag<Payment> paymentIn = b.add(payments.groupingKey(Payment::user));
 * CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
 * Tag<Long> visitCount = ops.add(b.tag0(), counting());
 * Tag<Long> paid = ops.add(paymentIn, summingLong(Payment::amount));
 * BatchStage<KeyedResult<String, ItemsByTag>> perUser = b.build(ops.build());
 * }</pre>
 *
 * <p>The builder is not thread-safe; each {@code build} attaches a new stage.
 *
 * @param <T0> the item type of the stage this builder was obtained from
 * @param <K>  the grouping key type
 */
public interface GroupAggregateBuilder1<T0, K> {

    /** The input tag of the stage this builder was obtained from (index 0). */
    Tag<T0> tag0();

    /**
     * Adds a keyed stage to co-group.
     *
     * @param stage a keyed stage of the same pipeline
     * @param <T>   its item type
     * @return its input tag: the operation accumulates its items with {@code accumulateFn(tag)}
     */
    <T> Tag<T> add(BatchStageWithKey<T, ? extends K> stage);

    /**
     * Attaches the co-grouping stage, which emits {@code KeyedResult(key, result)} for each key seen
     * in any stage when all inputs are exhausted. Runs in two stages if {@code aggrOp} has a
     * {@code combineFn}, else in one (items partitioned by key).
     *
     * @param aggrOp an operation with one input per added stage (arity {@code 1 + added stages});
     *               must be serializable
     * @param <R>    its result type
     * @return the newly attached stage
     */
    <R> BatchStage<KeyedResult<K, R>> build(AggregateOperation<?, ? extends R> aggrOp);
}
