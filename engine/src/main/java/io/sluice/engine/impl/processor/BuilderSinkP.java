package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;

/** Runs a sink made with {@code SinkBuilder}: receive each item, flush after each batch and at the end. */
public final class BuilderSinkP<W, T> implements Processor, io.sluice.engine.impl.execution.Cancellable {
    private final FunctionEx<? super ProcessorContext, ? extends W> createFn;
    private final BiConsumerEx<? super W, ? super T> receiveFn;
    private final ConsumerEx<? super W> flushFn;
    private final ConsumerEx<? super W> destroyFn;
    private W writer;
    private boolean created;
    private String vertexName;
    /** Set by another thread to stop between items. */
    private volatile boolean cancelled;

    public BuilderSinkP(FunctionEx<? super ProcessorContext, ? extends W> createFn, BiConsumerEx<? super W, ? super T> receiveFn,
                        ConsumerEx<? super W> flushFn, ConsumerEx<? super W> destroyFn) {
        this.createFn = createFn;
        this.receiveFn = receiveFn;
        this.flushFn = flushFn;
        this.destroyFn = destroyFn;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws Exception {
        vertexName = context.vertexName();
        writer = createFn.applyEx(context);
        created = true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            if (cancelled) {
                throw io.sluice.engine.impl.execution.Cancellable.cancelled(vertexName);
            }
            receiveFn.acceptEx(writer, (T) items[i]);
        }
        flushFn.acceptEx(writer);
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean complete() throws Exception {
        flushFn.acceptEx(writer);
        return true;
    }

    @Override
    public void close() throws Exception {
        if (created) {
            created = false;
            destroyFn.acceptEx(writer);
        }
    }
}
