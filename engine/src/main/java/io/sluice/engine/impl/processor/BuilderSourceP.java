package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.SourceBuffer;

import java.util.Objects;

/**
 * Runs a source made with {@code SourceBuilder}: each {@link #complete()} call fills the buffer until the outbox is full.
 *
 * <p><i>Snapshot state:</i> {@code createSnapshotFn(state)} under a {@link SourceSnapshotFns.Key} of this
 * instance, if the source has the functions; none otherwise (it restarts from its beginning).
 */
public final class BuilderSourceP<C, T> implements Processor {
    private final FunctionEx<? super ProcessorContext, ? extends C> createFn;
    private final BiConsumerEx<? super C, ? super SourceBuffer<T>> fillBufferFn;
    private final ConsumerEx<? super C> destroyFn;
    private final String sourceName;
    /** {@code null}: the source saves nothing. */
    private final SourceSnapshotFns snapshotFns;
    private final Buffer buffer = new Buffer();
    private Outbox outbox;
    private C state;
    private boolean created;
    private SourceSnapshotFns.Participant snapshots;

    public BuilderSourceP(FunctionEx<? super ProcessorContext, ? extends C> createFn,
                          BiConsumerEx<? super C, ? super SourceBuffer<T>> fillBufferFn, ConsumerEx<? super C> destroyFn) {
        this("source", createFn, fillBufferFn, destroyFn, null);
    }

    /**
     * @param snapshotFns the source's snapshot functions, or {@code null} if it saves nothing
     */
    public BuilderSourceP(String sourceName, FunctionEx<? super ProcessorContext, ? extends C> createFn,
                          BiConsumerEx<? super C, ? super SourceBuffer<T>> fillBufferFn, ConsumerEx<? super C> destroyFn,
                          SourceSnapshotFns snapshotFns) {
        this.sourceName = sourceName;
        this.createFn = createFn;
        this.fillBufferFn = fillBufferFn;
        this.destroyFn = destroyFn;
        this.snapshotFns = snapshotFns;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws Exception {
        this.outbox = outbox;
        this.snapshots = new SourceSnapshotFns.Participant(snapshotFns, sourceName, context.globalIndex());
        this.state = createFn.applyEx(context);
        this.created = true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        snapshots.save(state, snapshot);
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        snapshots.offer(key, value);
    }

    @Override
    public void finishSnapshotRestore() throws Exception {
        if (snapshots.finish(state)) {
            buffer.closed = false;
        }
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
