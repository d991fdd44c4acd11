package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;

import java.util.List;

/** Creates a {@link FusedProcessor} per instance: the head's processor (if any) and one instance of each step. */
public final class FusedProcessorSupplier implements ProcessorSupplier {
    private final ProcessorSupplier head;
    private final StepSupplier[] steps;
    private final String[] memberLabels;

    /**
     * @param head  the head, or {@code null} for the identity
     * @param steps the fused steps, in order
     */
    public FusedProcessorSupplier(ProcessorSupplier head, List<StepSupplier> steps) {
        this(head, steps, null);
    }

    /**
     * @param head         the head, or {@code null} for the identity
     * @param steps        the fused steps, in order
     * @param memberLabels labels of the head (or identity) and the steps, for failure messages; or {@code null}
     */
    public FusedProcessorSupplier(ProcessorSupplier head, List<StepSupplier> steps, List<String> memberLabels) {
        this.head = head;
        this.steps = steps.toArray(new StepSupplier[0]);
        this.memberLabels = memberLabels == null ? null : memberLabels.toArray(new String[0]);
    }

    @Override
    public Processor get(ProcessorContext context) {
        ItemProcessor[] instances = new ItemProcessor[steps.length];
        for (int i = 0; i < steps.length; i++) {
            instances[i] = steps[i].get(context);
        }
        return new FusedProcessor(head == null ? null : head.get(context), memberLabels, instances);
    }
}
