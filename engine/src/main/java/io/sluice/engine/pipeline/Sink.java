package io.sluice.engine.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.impl.pipeline.SinkImpl;

import java.io.Serializable;

/**
 * Where a pipeline's items go. Make one with {@link SinkBuilder#sinkBuilder}, take one from the
 * connectors ({@code io.sluice.connectors.Sinks}), or wrap a processor with {@link #fromProcessor}.
 *
 * @param <T> item type
 */
public interface Sink<T> extends Serializable {
    /** The sink's name (its stage's default name). */
    String name();

    /**
     * A sink run by a processor of your own (one input, no outputs).
     *
     * @param name                      the sink's name
     * @param supplier                  creates one processor per instance
     * @param preferredLocalParallelism instances per node, or -1 to run with the upstream stage's parallelism
     */
    static <T> Sink<T> fromProcessor(String name, ProcessorSupplier supplier, int preferredLocalParallelism) {
        return new SinkImpl<>(name, supplier, preferredLocalParallelism);
    }
}
