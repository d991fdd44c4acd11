package io.sluice.engine.core;

import java.io.Serializable;

/**
 * Creates the processor of each vertex instance. It travels with the job definition, so it must
 * be serializable; the processors it creates need not be.
 *
 * <pre>{@code
 * ProcessorSupplier upper = ctx -> new MapP(s -> ((String) s).toUpperCase());
 * }</pre>
 */
@FunctionalInterface
public interface ProcessorSupplier extends Serializable {
    /** Creates a new processor for the instance described by {@code context}. */
    Processor get(ProcessorContext context);
}
