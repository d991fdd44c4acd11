package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;

/**
 * Runs a stateless step on a stream with event time: unwraps each {@code TimestampedItem}, gives
 * the inner item to the wrapped step and re-wraps what it emits with the same timestamp. An
 * emitted item that is the input's inner item itself (a filter passing it) reuses the input's
 * wrapper, so a filter allocates nothing; any other output costs one {@code TimestampedItem}.
 */
final class TimestampedStep implements ItemProcessor {
    private final ItemProcessor inner;
    private ItemProcessor downstream;
    private TimestampedItem<?> current;
    private Object currentInner;

    TimestampedStep(ItemProcessor inner) {
        this.inner = inner;
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) throws Exception {
        this.downstream = emitter.next();
        inner.init(emitter.redirect(this::rewrap), context);
    }

    @Override
    public void processItem(Object item) throws Exception {
        if (!(item instanceof TimestampedItem<?> ti)) {
            throw new IllegalStateException("a stage with event time expected a TimestampedItem, but got "
                    + (item == null ? "null" : item.getClass().getName()));
        }
        current = ti;
        currentInner = ti.item();
        inner.processItem(currentInner);
    }

    private void rewrap(Object out) throws Exception {
        downstream.processItem(out == currentInner ? current : new TimestampedItem<>(current.timestamp(), out));
    }

    @Override
    public void endBatch() throws Exception {
        inner.endBatch();
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        return inner.tryProcessWatermark(timestamp);
    }

    @Override
    public boolean forwardsWatermarks() {
        return inner.forwardsWatermarks();
    }

    @Override
    public boolean tryProcess() throws Exception {
        return inner.tryProcess();
    }

    @Override
    public boolean complete() throws Exception {
        return inner.complete();
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        return inner.saveToSnapshot(snapshot);
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        inner.restoreFromSnapshot(key, value);
    }

    @Override
    public long accumulatedRecords() {
        return inner.accumulatedRecords();
    }

    @Override
    public void finishSnapshotRestore() throws Exception {
        inner.finishSnapshotRestore();
    }

    @Override
    public boolean snapshotCommitPrepare() throws Exception {
        return inner.snapshotCommitPrepare();
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) throws Exception {
        return inner.snapshotCommitFinish(success);
    }

    @Override
    public void close() throws Exception {
        inner.close();
    }
}
