package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.KeyedResult;

/**
 * A batch stage with a grouping key.
 *
 * @param <T> item type
 * @param <K> key type
 */
public interface BatchStageWithKey<T, K> extends GeneralStageWithKey<T, K> {

    /**
     * Aggregates the items of each key and emits one {@link KeyedResult} per key when the input
     * is exhausted. Runs in two stages: each instance accumulates what it sees, then partial
     * results are sent, partitioned by key, to the instance that combines them.
     * <pre>{@code
     * BatchStage<KeyedResult<String, Long>> counts = words.groupingKey(w -> w).aggregate(AggregateOperations.counting());
     * }</pre>
     *
     * @param aggrOp the aggregate operation
     * @return the newly attached stage
     */
    <A, R> BatchStage<KeyedResult<K, R>> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Emits one item per distinct key (the first one seen by the instance owning the key; which
     * one is not defined when several instances see the key).
     *
     * @return the newly attached stage
     */
    BatchStage<T> distinct();
}
