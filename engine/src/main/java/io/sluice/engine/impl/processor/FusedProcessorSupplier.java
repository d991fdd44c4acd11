package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;

import java.util.List;

/** Creates a {@link FusedProcessor} per instance: the head's processor (if any) and one instance of each step. */
public final class FusedProcessorSupplier implements ProcessorSupplier {
    private final ProcessorSupplier head;
    private final StepSupplier[] steps;

    /**
     * @param head  the head, or {@code null} for the identity
     * @param steps the fused steps, in order
     */
    public FusedProcessorSupplier(ProcessorSupplier head, List<StepSupplier> steps) {
        this.head = head;
        this.steps = steps.toArray(new StepSupplier[0]);
    }

    @Override
    public Processor get(ProcessorContext context) {
        ItemProcessor[] instances = new ItemProcessor[steps.length];
        for (int i = 0; i < steps.length; i++) {
            instances[i] = steps[i].get(context);
        }
        return new FusedProcessor(head == null ? null : head.get(context), instances);
    }
}
