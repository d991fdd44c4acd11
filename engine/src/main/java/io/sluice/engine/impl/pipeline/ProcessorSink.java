package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.pipeline.Sink;

/** A sink the planner can run: a processor supplier and a preferred parallelism (-1: as upstream). */
public interface ProcessorSink<T> extends Sink<T> {
    /** Creates the sink's processor of each instance (one input, no outputs). */
    ProcessorSupplier supplier();

    /** Instances per node, or -1 to run with the upstream stage's parallelism. */
    int preferredLocalParallelism();
}
