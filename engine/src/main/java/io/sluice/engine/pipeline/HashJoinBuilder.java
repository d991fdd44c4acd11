package io.sluice.engine.pipeline;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.function.BiFunctionEx;

/**
 * The {@link GeneralHashJoinBuilder} of a batch stage ({@link BatchStage#hashJoinBuilder()}).
 *
 * @param <T0> the type of the primary stage's items
 */
public interface HashJoinBuilder<T0> extends GeneralHashJoinBuilder<T0> {
    @Override
    <R> BatchStage<R> build(BiFunctionEx<? super T0, ? super ItemsByTag, ? extends R> mapToOutputFn);
}
