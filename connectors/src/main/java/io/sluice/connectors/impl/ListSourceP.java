package io.sluice.connectors.impl;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;

import java.util.List;

/** Emits the items of an in-memory list, a batch's worth per {@link #complete()} call at most. */
public final class ListSourceP implements Processor {
    private final List<?> items;
    private Outbox outbox;
    private int batchSize;
    private int next;

    public ListSourceP(List<?> items) {
        this.items = items;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        this.batchSize = Math.max(1, context.batchSize());
    }

    @Override
    public void process(int ordinal, Batch batch) {
        throw new UnsupportedOperationException("a source has no inputs");
    }

    @Override
    public boolean complete() {
        int end = Math.min(items.size(), next + batchSize);
        while (next < end && !outbox.hasReachedLimit()) {
            outbox.add(items.get(next++));
        }
        return next == items.size();
    }
}
