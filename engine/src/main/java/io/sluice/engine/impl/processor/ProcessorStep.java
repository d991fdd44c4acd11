package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;

/**
 * Runs a {@link Processor} of one input (typically a sink) as a fused step: items are collected
 * into a batch, handed to {@code process(0, batch)} when the batch is full or the call of the
 * fused processor ends; {@code completeEdge(0)} and {@code complete()} follow the chain's completion.
 */
final class ProcessorStep implements ItemProcessor {
    private final Processor processor;
    private final boolean unwrapTimestamps;
    private Emitter emitter;
    private Object[] buffer;
    private int size;
    private boolean edgeCompleted;

    ProcessorStep(Processor processor) {
        this(processor, false);
    }

    /** @param unwrapTimestamps give the processor the inner items of {@code TimestampedItem}s (a sink on a stream with event time) */
    ProcessorStep(Processor processor, boolean unwrapTimestamps) {
        this.processor = processor;
        this.unwrapTimestamps = unwrapTimestamps;
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) throws Exception {
        this.emitter = emitter;
        this.buffer = new Object[Math.max(1, context.batchSize())];
        processor.init(new StepOutbox(), context);
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
        if (!edgeCompleted) {
            if (!processor.completeEdge(0)) {
                return false;
            }
            edgeCompleted = true;
        }
        return processor.complete();
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        flush();
        return processor.saveToSnapshot(snapshot);
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        processor.restoreFromSnapshot(key, value);
    }

    @Override
    public void finishSnapshotRestore() throws Exception {
        processor.finishSnapshotRestore();
    }

    @Override
    public void close() throws Exception {
        processor.close();
    }

    /** The wrapped processor's outbox: what it emits goes on down the chain. */
    private final class StepOutbox implements Outbox {
        @Override
        public void add(Object item) {
            try {
                emitter.emit(item);
            } catch (Exception e) {
                throw ProcessorUtil.sneakyThrow(e);
            }
        }

        @Override
        public void add(int ordinal, Object item) {
            if (ordinal != 0) {
                throw new IllegalArgumentException("a fused processor has one output (ordinal 0), but it emitted to ordinal "
                        + ordinal);
            }
            add(item);
        }

        @Override
        public void addWatermark(long timestamp) {
            try {
                emitter.emitWatermark(timestamp);
            } catch (Exception e) {
                throw ProcessorUtil.sneakyThrow(e);
            }
        }

        @Override
        public boolean hasReachedLimit() {
            return emitter.hasReachedLimit();
        }

        @Override
        public int outputCount() {
            return 1;
        }
    }
}
