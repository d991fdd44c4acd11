package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.FunctionEx;

/**
 * Builds a stage that co-aggregates any number of batch stages, each with its own single-input
 * operation, into one result (Jet's {@code AggregateBuilder}). Get it from
 * {@link BatchStage#aggregateBuilder(AggregateOperation1) stage0.aggregateBuilder(aggrOp0)}; each
 * {@link #add} returns the tag of that stage's result in the {@link ItemsByTag} the stage emits.
 * This is not a builder of aggregate operations (see {@code AggregateOperation.withCreate}).
 *
 * <pre>{@code
 * AggregateBuilder<Long> b = visits.aggregateBuilder(counting());
 * Tag<Long> visitCount = b.tag0();
 * Tag<Long> cartCount = b.add(carts, counting());
 * Tag<Long> paid = b.add(payments, summingLong(Payment::amount));
 * BatchStage<ItemsByTag> totals = b.build();
 * }</pre>
 *
 * <p>The operations run in two stages if all of them have a {@code combineFn}, else in one (all
 * items to one instance). The builder is not thread-safe; each {@code build} attaches a new stage.
 *
 * @param <R0> the result type of stage 0's operation
 */
public interface AggregateBuilder<R0> {

    /** The tag of the result of the stage this builder was obtained from (index 0). */
    Tag<R0> tag0();

    /**
     * Adds a stage to co-aggregate, with the operation on its items.
     *
     * @param stage     a stage of the same pipeline
     * @param aggrOp    the operation on {@code stage}'s items; must be serializable
     * @param <T>       {@code stage}'s item type
     * @param <R>       the operation's result type
     * @return the tag of the operation's result
     */
    <T, R> Tag<R> add(BatchStage<T> stage, AggregateOperation1<? super T, ?, ? extends R> aggrOp);

    /**
     * Attaches the co-aggregating stage, which emits one {@link ItemsByTag} with each stage's result
     * under its tag when all inputs are exhausted (also when they are empty).
     *
     * @return the newly attached stage
     */
    BatchStage<ItemsByTag> build();

    /**
     * Attaches the co-aggregating stage, which emits {@code finishFn} applied to the
     * {@link ItemsByTag} of {@link #build()}.
     * <pre>{@code
     * BatchStage<Double> paidPerVisit = b.build(ibt -> (double) ibt.get(paid) / ibt.get(visitCount));
     * }</pre>
     *
     * @param finishFn makes the output from the tagged results; must be stateless and serializable
     * @param <R>      the output type
     * @return the newly attached stage
     */
    <R> BatchStage<R> build(FunctionEx<? super ItemsByTag, ? extends R> finishFn);
}
