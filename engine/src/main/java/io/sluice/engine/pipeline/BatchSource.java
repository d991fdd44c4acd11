package io.sluice.engine.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.impl.pipeline.SourceImpl;

import java.io.Serializable;

/**
 * A finite source of items. Make one with {@link SourceBuilder#batch}, take one from the
 * connectors ({@code io.sluice.connectors.Sources}), or wrap a processor with {@link #fromProcessor}.
 *
 * @param <T> item type
 */
public interface BatchSource<T> extends Serializable {
    /** The source's name (its stage's default name). */
    String name();

    /**
     * A source run by a processor of your own: a processor without inputs whose
     * {@code complete()} emits items and returns {@code true} when exhausted.
     *
     * @param name                      the source's name
     * @param supplier                  creates one processor per instance
     * @param preferredLocalParallelism instances per node, or -1 for one per core
     */
    static <T> BatchSource<T> fromProcessor(String name, ProcessorSupplier supplier, int preferredLocalParallelism) {
        return new SourceImpl<>(name, supplier, preferredLocalParallelism, false);
    }
}
