package io.sluice.engine.pipeline;

import io.sluice.engine.function.FunctionEx;

/**
 * A stage whose items have a grouping key: the entry to keyed operations.
 *
 * @param <T> item type
 * @param <K> key type
 */
public interface GeneralStageWithKey<T, K> {
    /** The key extractor. */
    FunctionEx<? super T, ? extends K> keyFn();
}
