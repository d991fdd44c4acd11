package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.SourceBuffer;

import java.util.Objects;

/** Runs a source made with {@code SourceBuilder}: each {@link #complete()} call fills the buffer until the outbox is full. */
public final class BuilderSourceP<C, T> implements Processor {
    private final FunctionEx<? super ProcessorContext, ? extends C> createFn;
    private final BiConsumerEx<? super C, ? super SourceBuffer<T>> fillBufferFn;
    private final ConsumerEx<? super C> destroyFn;
    private final Buffer buffer = new Buffer();
    private Outbox outbox;
    private C state;
    private boolean created;

    public BuilderSourceP(FunctionEx<? super ProcessorContext, ? extends C> createFn,
                          BiConsumerEx<? super C, ? super SourceBuffer<T>> fillBufferFn, ConsumerEx<? super C> destroyFn) {
        this.createFn = createFn;
        this.fillBufferFn = fillBufferFn;
        this.destroyFn = destroyFn;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws Exception {
        this.outbox = outbox;
        this.state = createFn.applyEx(context);
        this.created = true;
    }

    @Override
    public void process(int ordinal, Batch batch) {
        throw new UnsupportedOperationException("a source has no inputs");
    }

    @Override
    public boolean complete() throws Exception {
        while (!buffer.closed && !outbox.hasReachedLimit()) {
            buffer.added = 0;
            fillBufferFn.acceptEx(state, buffer);
            if (buffer.added == 0) {
                break; // nothing available now; the runtime calls again later
            }
        }
        return buffer.closed;
    }

    @Override
    public void close() throws Exception {
        if (created) {
            created = false;
            destroyFn.acceptEx(state);
        }
    }

    private final class Buffer implements SourceBuffer<T> {
        boolean closed;
        int added;

        @Override
        public void add(T item) {
            Objects.requireNonNull(item, "a source must not emit null items");
            if (closed) {
                throw new IllegalStateException("the source buffer was closed; do not add items after close()");
            }
            outbox.add(item);
            added++;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public int size() {
            return added;
        }
    }
}
