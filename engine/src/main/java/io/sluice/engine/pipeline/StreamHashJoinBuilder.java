package io.sluice.engine.pipeline;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.function.BiFunctionEx;

/**
 * The {@link GeneralHashJoinBuilder} of a stream stage ({@link StreamStage#hashJoinBuilder()}); the
 * join keeps the primary items' timestamps and forwards watermarks.
 *
 * @param <T0> the type of the primary stage's items
 */
public interface StreamHashJoinBuilder<T0> extends GeneralHashJoinBuilder<T0> {
    @Override
    <R> StreamStage<R> build(BiFunctionEx<? super T0, ? super ItemsByTag, ? extends R> mapToOutputFn);
}
