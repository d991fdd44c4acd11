package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.pipeline.BatchSource;

/**
 * A source: its processor supplier and preferred parallelism.
 *
 * @param streaming whether the source is unbounded
 */
public record SourceImpl<T>(String name, ProcessorSupplier supplier, int preferredLocalParallelism, boolean streaming)
        implements BatchSource<T> {
}
