package io.sluice.connectors.impl;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;

import java.util.UUID;

/** Appends every batch to the {@link CollectorRegistry} store of its sink. */
public final class CollectingSinkP implements Processor {
    private final UUID id;
    private CollectorRegistry.Store store;

    public CollectingSinkP(UUID id) {
        this.id = id;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        store = CollectorRegistry.lookupOrCreate(id);
    }

    @Override
    public void process(int ordinal, Batch batch) {
        store.addAll(batch.array(), batch.size());
    }
}
