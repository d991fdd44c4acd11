package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;

import java.io.Serializable;

/** Creates the {@link ItemProcessor} of one fused step for one vertex instance; travels with the DAG. */
@FunctionalInterface
public interface StepSupplier extends Serializable {
    /** A new step instance. */
    ItemProcessor get(ProcessorContext context);
}
