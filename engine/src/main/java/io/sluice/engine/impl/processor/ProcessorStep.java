package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;

/**
 * Runs a {@link Processor} of one input (typically a sink) as a fused step: items are collected
 * into a batch, handed to {@code process(0, batch)} when the batch is full or the call of the
 * fused processor ends; {@code completeEdge(0)} and {@code complete()} follow the chain's completion.
 */
final class ProcessorStep extends AbstractProcessorStep {
    private final boolean unwrapTimestamps;
    private Object[] buffer;
    private int size;

    ProcessorStep(Processor processor) {
        this(processor, false);
    }

    /** @param unwrapTimestamps give the processor the inner items of {@code TimestampedItem}s (a sink on a stream with event time) */
    ProcessorStep(Processor processor, boolean unwrapTimestamps) {
        super(processor);
        this.unwrapTimestamps = unwrapTimestamps;
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) throws Exception {
        this.buffer = new Object[Math.max(1, context.batchSize())];
        initProcessor(emitter, context, Routing.SINGLE_OUTPUT);
    }

    @Override
    public void processItem(Object item) throws Exception {
        buffer[size++] = unwrapTimestamps && item instanceof TimestampedItem<?> ti ? ti.item() : item;
        if (size == buffer.length) {
            flush();
        }
    }

    private void flush() throws Exception {
        if (size > 0) {
            Batch batch = Batch.wrap(buffer, size);
            buffer = new Object[buffer.length];
            size = 0;
            processor.process(0, batch);
        }
    }

    @Override
    public void endBatch() throws Exception {
        flush();
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        flush();
        return processor.tryProcessWatermark(timestamp);
    }

    @Override
    public boolean tryProcess() throws Exception {
        flush();
        return processor.tryProcess();
    }

    @Override
    public boolean complete() throws Exception {
        flush();
        return completeProcessor();
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        flush();
        return processor.saveToSnapshot(snapshot);
    }
}
