package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.datamodel.Tag;

/**
 * Builds a stage that co-aggregates any number of batch stages with one multi-input operation
 * (Jet's {@code AggregateBuilder1}). Get it from {@link BatchStage#aggregateBuilder()
 * stage0.aggregateBuilder()}; the stage it came from is input {@code tag0()}, each {@link #add}
 * returns the tag of another input. The operation accumulates the items of input {@code tag} with
 * {@code accumulateFn(tag)}; {@code AggregateOperations.coAggregateOperationBuilder()} makes one from
 * single-input operations.
 *
 * <pre>{@code
 * AggregateBuilder1<Visit> b = visits.aggregateBuilder();
 * Tag<Visit> visitIn = b.tag0();
 * Tag<Payment> paymentIn = b.add(payments);
 * CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
 * Tag<Long> visitCount = ops.add(visitIn, counting());
 * Tag<Long> paid = ops.add(paymentIn, summingLong(Payment::amount));
 * BatchStage<ItemsByTag> totals = b.build(ops.build());
 * }</pre>
 *
 * <p>The builder is not thread-safe; each {@code build} attaches a new stage.
 *
 * @param <T0> the item type of the stage this builder was obtained from
 */
public interface AggregateBuilder1<T0> {

    /** The input tag of the stage this builder was obtained from (index 0). */
    Tag<T0> tag0();

    /**
     * Adds a stage to co-aggregate.
     *
     * @param stage a stage of the same pipeline
     * @param <T>   its item type
     * @return its input tag: the operation accumulates its items with {@code accumulateFn(tag)}
     */
    <T> Tag<T> add(BatchStage<T> stage);

    /**
     * Attaches the co-aggregating stage, which emits the operation's one result when all inputs
     * are exhausted (also when they are empty). Runs in two stages if {@code aggrOp} has a
     * {@code combineFn}, else in one (all items to one instance).
     *
     * @param aggrOp an operation with one input per added stage (arity {@code 1 + added stages});
     *               must be serializable
     * @param <R>    its result type
     * @return the newly attached stage
     */
    <R> BatchStage<R> build(AggregateOperation<?, ? extends R> aggrOp);
}
