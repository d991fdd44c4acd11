package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * First stage of a sliding or tumbling window aggregation: accumulates each instance's items per
 * slide frame and key, and hands complete frames on as {@link FrameEntry} records (the planner
 * partitions them by {@link FrameEntry#key()} to a {@link WindowCombineP}).
 *
 * <p><i>Emits when:</i> a watermark {@code wm} arrives: every frame ending at or before {@code wm}
 * (no on-time item can fall into it any more), one {@code FrameEntry} per key; on
 * {@link #complete()}, all frames left. <i>Watermarks:</i> forwarded unchanged, after the frames
 * they complete. <i>Late items</i> (timestamp below the last watermark) are counted
 * ({@link #lateCount()}) and dropped, or emitted on ordinal 1 (the inner item) when
 * {@code routeLateToOrdinal1}. <i>Snapshot state:</i> the open frames, under
 * {@link WindowFrameKey}{@code (frameEnd, key)} with a {@link FrameSnapshot} (accumulator and
 * watermark) as value; restoring two instances' state into one combines accumulators of the same
 * frame and key.
 *
 * <p>Design note. {@code frames: frameEnd -> (key -> accumulator)}, sorted by frame end; the
 * newest frame's map is cached because events mostly hit it, so the accumulate step is one
 * {@code floorDiv}, one hash lookup and the accumulate call. Emission of many frames is resumable
 * and paced by {@code hasReachedLimit()}. The open frames hold at most
 * {@code maxProcessorAccumulatedRecords} (frame, key) entries in all; {@code frameEntries} counts them
 * (a frame stops counting when it is handed on).
 */
public final class WindowAccumulateP implements Processor, StateReporting {
    private static final long NONE = Long.MIN_VALUE;

    private final FunctionEx<Object, Object> keyFn;
    private final long slide;
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> accumulateFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private final boolean routeLateToOrdinal1;

    private final TreeMap<Long, HashMap<Object, Object>> frames = new TreeMap<>();
    private long cachedFrameEnd = NONE;
    private HashMap<Object, Object> cachedFrame;
    private long currentWm = Long.MIN_VALUE;
    private long lateCount;
    private boolean restoredAny;
    private Outbox outbox;
    private ProcessorContext context;
    private long maxEntries;
    /** (frame, key) entries in {@code frames}. */
    private long frameEntries;

    private Iterator<Map.Entry<Object, Object>> emitIter;
    private long emitFrameEnd;

    /**
     * @param keyFn               the grouping key of an item (applied to the inner item); {@code null} for a non-keyed window
     * @param def                 the window definition (only the slide matters here)
     * @param op                  the aggregate operation
     * @param inputOrdinal        which input of {@code op} these items are ({@code accumulateFn(inputOrdinal)}); 0 for one input
     * @param routeLateToOrdinal1 send late items to output ordinal 1 instead of dropping them
     */
    @SuppressWarnings("unchecked")
    public WindowAccumulateP(FunctionEx<?, ?> keyFn, WindowDefinition.Sliding def, AggregateOperation<?, ?> op,
                             int inputOrdinal, boolean routeLateToOrdinal1) {
        Objects.requireNonNull(def, "def must not be null");
        Objects.requireNonNull(op, "op must not be null");
        this.keyFn = (FunctionEx<Object, Object>) keyFn;
        this.slide = def.slideBy();
        AggregateOperation<Object, Object> o = (AggregateOperation<Object, Object>) op;
        this.createFn = o.createFn();
        this.accumulateFn = (BiConsumerEx<Object, Object>) o.accumulateFn(inputOrdinal);
        this.combineFn = (BiConsumerEx<Object, Object>) o.combineFn();
        this.routeLateToOrdinal1 = routeLateToOrdinal1;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        this.context = context;
        this.maxEntries = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public long accumulatedRecords() {
        return frameEntries;
    }

    private void entryAdded() {
        if (++frameEntries > maxEntries) {
            throw new AccumulationLimitExceededException(context, "window frame entries", frameEntries);
        }
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            processItem(items[i]);
        }
    }

    /** The per-item body: accumulates one {@code TimestampedItem}. */
    public void processItem(Object item) throws Exception {
        if (!(item instanceof TimestampedItem<?> ti)) {
            throw notTimestamped(item);
        }
        long ts = ti.timestamp();
        Object inner = ti.item();
        if (ts < currentWm) {
            lateCount++;
            if (routeLateToOrdinal1) {
                outbox.add(1, inner);
            }
            return;
        }
        long frameEnd = Math.floorDiv(ts, slide) * slide + slide;
        HashMap<Object, Object> frame = frameEnd == cachedFrameEnd ? cachedFrame : frame(frameEnd);
        Object key = keyFn == null ? GlobalKey.INSTANCE : keyFn.applyEx(inner);
        Object acc = frame.get(key);
        if (acc == null) {
            acc = createFn.getEx();
            frame.put(key, acc);
            entryAdded();
        }
        accumulateFn.acceptEx(acc, inner);
    }

    static IllegalArgumentException notTimestamped(Object item) {
        return new IllegalArgumentException("a window stage needs timestamped items, but got "
                + (item == null ? "null" : item.getClass().getName())
                + ": add withTimestamps(..) before the window");
    }

    private HashMap<Object, Object> frame(long frameEnd) {
        HashMap<Object, Object> f = frames.get(frameEnd);
        if (f == null) {
            f = new HashMap<>();
            frames.put(frameEnd, f);
        }
        cachedFrameEnd = frameEnd;
        cachedFrame = f;
        return f;
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) {
        if (timestamp > currentWm) {
            currentWm = timestamp;
        }
        return emitFramesUpTo(timestamp);
    }

    @Override
    public boolean complete() {
        return emitFramesUpTo(Long.MAX_VALUE);
    }

    private boolean emitFramesUpTo(long limit) {
        for (;;) {
            if (emitIter == null) {
                Map.Entry<Long, HashMap<Object, Object>> first = frames.firstEntry();
                if (first == null || first.getKey() > limit) {
                    return true;
                }
                frames.pollFirstEntry();
                frameEntries -= first.getValue().size();
                if (first.getKey() == cachedFrameEnd) {
                    cachedFrameEnd = NONE;
                    cachedFrame = null;
                }
                emitFrameEnd = first.getKey();
                emitIter = first.getValue().entrySet().iterator();
            }
            while (emitIter.hasNext()) {
                if (outbox.hasReachedLimit()) {
                    return false;
                }
                Map.Entry<Object, Object> e = emitIter.next();
                outbox.add(new FrameEntry(emitFrameEnd, e.getKey(), e.getValue()));
            }
            emitIter = null;
        }
    }

    /** How many late items arrived (dropped or routed to ordinal 1). */
    public long lateCount() {
        return lateCount;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        for (Map.Entry<Long, HashMap<Object, Object>> f : frames.entrySet()) {
            for (Map.Entry<Object, Object> e : f.getValue().entrySet()) {
                snapshot.save(new WindowFrameKey(f.getKey(), e.getKey()), new FrameSnapshot(e.getValue(), currentWm));
            }
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        WindowFrameKey k = (WindowFrameKey) key;
        FrameSnapshot v = (FrameSnapshot) value;
        currentWm = restoredAny ? Math.min(currentWm, v.watermark()) : v.watermark();
        restoredAny = true;
        HashMap<Object, Object> f = frame(k.frameEnd());
        Object acc = f.get(k.key());
        if (acc == null) {
            f.put(k.key(), v.accumulator());
            entryAdded();
        } else {
            combineFn.acceptEx(acc, v.accumulator());
        }
    }
}
