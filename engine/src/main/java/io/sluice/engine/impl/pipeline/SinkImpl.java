package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.pipeline.Sink;

/** A sink: its processor supplier and preferred parallelism (-1: as upstream). */
public record SinkImpl<T>(String name, ProcessorSupplier supplier, int preferredLocalParallelism) implements Sink<T> {
}
