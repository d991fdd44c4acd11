package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.HashMap;
import java.util.Objects;

/**
 * Second stage of a sliding or tumbling window aggregation: combines the {@link FrameEntry}
 * records of all {@link WindowAccumulateP} instances (for the keys of its partitions) and emits
 * window results. Co-aggregation works unchanged: each input stream has its own accumulate stage
 * (with its {@code inputOrdinal}) and they all feed one combine stage.
 *
 * <p><i>Emits when:</i> a watermark {@code wm} arrives: for each window end {@code E <= wm} not
 * yet emitted, in order of {@code E}, one {@code TimestampedItem(E - 1, KeyedWindowResult(E - size,
 * E, key, result))} per key with data in the window ({@code WindowResult} when not keyed); on
 * {@link #complete()}, all remaining windows. <i>Watermarks:</i> forwarded unchanged, after the
 * results they close; the results carry {@code E - 1}, at or above the previous watermark, so
 * they are never late for a following window stage. <i>Snapshot state:</i> the frames not yet
 * fully used, under {@link WindowFrameKey} with {@link FrameSnapshot} values.
 *
 * <p>A frame entry for a window already emitted (possible only after a restore into a different
 * layout) is counted in {@link #lateCount()} and dropped. See {@link SlidingWindowCore} for the
 * state and the deduct/combine strategy.
 */
public final class WindowCombineP implements Processor, StateReporting {
    private final SlidingWindowCore core;
    private final BiConsumerEx<Object, Object> combineFn;
    private long lateCount;
    private Outbox outbox;

    /**
     * @param def   the window definition
     * @param op    the aggregate operation (the same one the accumulate stages use)
     * @param keyed whether to emit {@code KeyedWindowResult} (else {@code WindowResult})
     */
    public WindowCombineP(WindowDefinition.Sliding def, AggregateOperation<?, ?> op, boolean keyed) {
        Objects.requireNonNull(def, "def must not be null");
        Objects.requireNonNull(op, "op must not be null");
        this.core = new SlidingWindowCore(def, op, keyed);
        this.combineFn = core.combineFn();
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        core.init(context);
    }

    @Override
    public long accumulatedRecords() {
        return core.frameEntries();
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            processItem(items[i]);
        }
    }

    /** The per-item body: combines one {@link FrameEntry}. */
    public void processItem(Object item) throws Exception {
        FrameEntry fe = (FrameEntry) item;
        if (core.isLateFrame(fe.frameEnd())) {
            lateCount++;
            return;
        }
        HashMap<Object, Object> frame = core.frame(fe.frameEnd());
        Object acc = frame.get(fe.key());
        if (acc == null) {
            frame.put(fe.key(), fe.accumulator());
            core.entryAdded();
        } else {
            combineFn.acceptEx(acc, fe.accumulator());
        }
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        return core.emitUpTo(timestamp, outbox);
    }

    @Override
    public boolean complete() throws Exception {
        return core.emitUpTo(Long.MAX_VALUE, outbox);
    }

    /** How many frame entries arrived for windows already emitted (dropped). */
    public long lateCount() {
        return lateCount;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        core.save(snapshot);
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        core.restore((WindowFrameKey) key, (FrameSnapshot) value);
    }

    @Override
    public void finishSnapshotRestore() throws Exception {
        core.finishRestore();
    }
}
