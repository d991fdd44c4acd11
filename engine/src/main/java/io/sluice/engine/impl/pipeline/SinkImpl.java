package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;

/** A sink: its processor supplier and preferred parallelism (-1: as upstream). */
public record SinkImpl<T>(String name, ProcessorSupplier supplier, int preferredLocalParallelism) implements ProcessorSink<T> {
}
