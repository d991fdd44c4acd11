package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.WindowResult;

/**
 * A stream stage with a window definition (non-keyed: one aggregate per window).
 *
 * <p><i>Emits when:</i> the watermark passes a window's end (and every early-results period for
 * open windows). <i>Watermarks:</i> forwarded after the results they close; results carry the
 * timestamp {@code end - 1}, so a following window stage puts them into the window with the same
 * end. <i>Snapshot state:</i> the open windows' accumulators.
 *
 * @param <T> item type
 */
public interface StageWithWindow<T> {

    /** The window definition. */
    WindowDefinition windowDefinition();

    /**
     * Aggregates each window's items. Items behind the watermark (late) are dropped and counted,
     * or sent to the sink given to {@link #lateItemsTo}.
     *
     * @return the newly attached stage
     */
    <A, R> StreamStage<WindowResult<R>> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Aggregates this stream and {@code stage1} together, window by window (co-aggregation):
     * {@code aggrOp} must have arity 2; input 0 is this stage.
     *
     * @return the newly attached stage
     */
    <T1, A, R> StreamStage<WindowResult<R>> aggregate2(StreamStage<T1> stage1, AggregateOperation<A, ? extends R> aggrOp);

    /** Co-aggregates three streams; {@code aggrOp} must have arity 3. */
    <T1, T2, A, R> StreamStage<WindowResult<R>> aggregate3(StreamStage<T1> stage1, StreamStage<T2> stage2,
                                                          AggregateOperation<A, ? extends R> aggrOp);

    /** Sends late items to {@code sink} instead of dropping them. */
    StageWithWindow<T> lateItemsTo(Sink<? super T> sink);
}
