package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;

/** Passes every item of every input on unchanged (a merge, or a vertex with nothing fused into it). */
public final class IdentityP implements Processor {
    private Outbox outbox;

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
    }

    @Override
    public void process(int ordinal, Batch batch) {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            outbox.add(items[i]);
        }
    }
}
