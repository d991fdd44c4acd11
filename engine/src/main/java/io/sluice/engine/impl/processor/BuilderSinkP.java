package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;

/** Runs a sink made with {@code SinkBuilder}: receive each item, flush after each batch and at the end. */
public final class BuilderSinkP<W, T> implements Processor {
    private final FunctionEx<? super ProcessorContext, ? extends W> createFn;
    private final BiConsumerEx<? super W, ? super T> receiveFn;
    private final ConsumerEx<? super W> flushFn;
    private final ConsumerEx<? super W> destroyFn;
    private W writer;
    private boolean created;

    public BuilderSinkP(FunctionEx<? super ProcessorContext, ? extends W> createFn, BiConsumerEx<? super W, ? super T> receiveFn,
                        ConsumerEx<? super W> flushFn, ConsumerEx<? super W> destroyFn) {
        this.createFn = createFn;
        this.receiveFn = receiveFn;
        this.flushFn = flushFn;
        this.destroyFn = destroyFn;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws Exception {
        writer = createFn.applyEx(context);
        created = true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            receiveFn.acceptEx(writer, (T) items[i]);
        }
        flushFn.acceptEx(writer);
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
