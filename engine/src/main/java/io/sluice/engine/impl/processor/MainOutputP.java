package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;

/**
 * Runs a processor that has a side output (late items on ordinal 1) as a vertex head: what it
 * emits with {@code add(item)} goes to ordinal 0 only, not to every edge, so the side output's
 * edge does not also get the main output. Everything else is delegated.
 */
public final class MainOutputP implements Processor {
    private final Processor inner;

    public MainOutputP(Processor inner) {
        this.inner = inner;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws Exception {
        inner.init(new Outbox() {
            @Override
            public void add(Object item) {
                outbox.add(0, item);
            }

            @Override
            public void add(int ordinal, Object item) {
                outbox.add(ordinal, item);
            }

            @Override
            public void addWatermark(long timestamp) {
                outbox.addWatermark(timestamp);
            }

            @Override
            public boolean hasReachedLimit() {
                return outbox.hasReachedLimit();
            }

            @Override
            public int outputCount() {
                return outbox.outputCount();
            }
        }, context);
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        inner.process(ordinal, batch);
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
    public boolean completeEdge(int ordinal) throws Exception {
        return inner.completeEdge(ordinal);
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
