package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The frame store and window emitter shared by {@link WindowCombineP} and {@link WindowP}.
 *
 * <p>Design note. State is {@code frames: frameEnd -> (key -> accumulator)} in a sorted map; a
 * frame is the slide-long interval {@code [frameEnd - slide, frameEnd)} and a window ending at
 * {@code E} covers the frames {@code (E - size, E]}. Windows end at multiples of the slide and are
 * emitted in order of end; {@code nextWinEnd} is the next end to emit ({@link #NONE} before the
 * first one), and every window that ends below it has been emitted. Empty stretches are skipped by
 * jumping to the next window that has a frame, so a watermark jump costs nothing.
 * <ul>
 * <li>Tumbling: a window is one frame, emitted with {@code finish} and removed.</li>
 * <li>Sliding with {@code deduct}: {@code running: key -> (accumulator, frameCount)} holds the
 * window {@code nextWinEnd - slide}; the next window combines the entering frame and deducts the
 * leaving one (removed then). A key whose frame count drops to 0 is removed, so a key without
 * data in a window emits nothing. Frames kept: those not yet deducted.</li>
 * <li>Sliding without {@code deduct}: each window combines its {@code size / slide} frames into
 * fresh accumulators; after window {@code E} the frames that only belonged to windows up to
 * {@code E} are evicted.</li>
 * <li>Sliding without {@code combineFn} ({@code perWindow}, single-stage only): frames cannot be
 * combined, so the map holds one accumulator per window instead, keyed by the window's end, and
 * the owner accumulates each item into all {@code size / slide} windows it belongs to
 * ({@link #windowEnds}). A window is then emitted and removed like a tumbling one. This costs
 * {@code size / slide} accumulations per item and as many accumulators per key; it is what Jet
 * does for an operation it cannot combine.</li>
 * </ul>
 * Emission is resumable: it stops when the outbox reports its limit and continues on the next
 * call. Early results combine each open window's frames into fresh accumulators (the running
 * accumulator belongs to an emitted window). Same approach as Jet's {@code SlidingWindowP}.
 *
 * <p>{@code frameEntries} counts the (frame, key) entries of {@code frames}, which may not exceed
 * {@code maxProcessorAccumulatedRecords}: the owner calls {@link #entryAdded()} after it puts a new
 * key into a frame, and every removal of frames here subtracts their sizes. The running
 * accumulators and the transient per-window combinations are not counted (at most one per key).
 */
final class SlidingWindowCore {
    static final long NONE = Long.MIN_VALUE;

    private final long size;
    private final long slide;
    private final boolean tumbling;
    private final boolean deductMode;
    private final boolean perWindow;
    private final boolean keyed;
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private final BiConsumerEx<Object, Object> deductFn;
    private final FunctionEx<Object, Object> exportFn;
    private final FunctionEx<Object, Object> finishFn;

    private final TreeMap<Long, HashMap<Object, Object>> frames = new TreeMap<>();
    private long cachedFrameEnd = NONE;
    private HashMap<Object, Object> cachedFrame;
    private final HashMap<Object, Running> running = new HashMap<>();
    private long nextWinEnd = NONE;
    /** The last watermark fully processed (what snapshots carry; nextWinEnd == frameEnd(lastWm)). */
    private long lastWm = NONE;
    private boolean restoredAny;
    private ProcessorContext context;
    private long maxEntries = Long.MAX_VALUE;
    private long frameEntries;

    // resumable final emission
    private Iterator<? extends Map.Entry<Object, ?>> emitIter;
    private long emitEnd;
    private boolean emitFromRunning;

    // resumable early emission
    private Iterator<Map.Entry<Object, Object>> earlyIter;
    private long earlyEnd;
    private long earlyNext = NONE;

    @SuppressWarnings("unchecked")
    SlidingWindowCore(WindowDefinition.Sliding def, AggregateOperation<?, ?> op, boolean keyed) {
        this.size = def.windowSize();
        this.slide = def.slideBy();
        this.tumbling = def.isTumbling();
        AggregateOperation<Object, Object> o = (AggregateOperation<Object, Object>) op;
        this.createFn = o.createFn();
        this.combineFn = (BiConsumerEx<Object, Object>) o.combineFn();
        this.deductFn = (BiConsumerEx<Object, Object>) o.deductFn();
        this.deductMode = !tumbling && deductFn != null && combineFn != null;
        this.perWindow = !tumbling && combineFn == null;
        this.exportFn = (FunctionEx<Object, Object>) o.exportFn();
        this.finishFn = (FunctionEx<Object, Object>) o.finishFn();
        this.keyed = keyed;
    }

    /** Called from the owner's {@code init}: the limit on frame entries and what to name when it is exceeded. */
    void init(ProcessorContext context) {
        this.context = context;
        this.maxEntries = context.maxProcessorAccumulatedRecords();
    }

    /** The owner put a new key into a frame: counts it and fails if that makes more than the limit. */
    void entryAdded() {
        if (++frameEntries > maxEntries) {
            throw new AccumulationLimitExceededException(context, "window frame entries", frameEntries);
        }
    }

    /** The (frame, key) entries held now. */
    long frameEntries() {
        return frameEntries;
    }

    /** Removes {@code view}'s frames (a head map of {@code frames}) and stops counting their entries. */
    private void removeFrames(SortedMap<Long, HashMap<Object, Object>> view) {
        for (HashMap<Object, Object> f : view.values()) {
            frameEntries -= f.size();
        }
        view.clear();
    }

    /** The frame ending at {@code frameEnd}, created if absent; cached because events mostly hit the newest frame. */
    HashMap<Object, Object> frame(long frameEnd) {
        if (frameEnd == cachedFrameEnd) {
            return cachedFrame;
        }
        HashMap<Object, Object> f = frames.get(frameEnd);
        if (f == null) {
            f = new HashMap<>();
            frames.put(frameEnd, f);
        }
        cachedFrameEnd = frameEnd;
        cachedFrame = f;
        return f;
    }

    /** The end of the frame holding {@code timestamp}. */
    long frameEnd(long timestamp) {
        return Math.floorDiv(timestamp, slide) * slide + slide;
    }

    /**
     * Whether each item must be accumulated into every window it belongs to (sliding windows of an
     * operation without {@code combineFn}); the keys of {@link #frame} are then window ends.
     */
    boolean perWindow() {
        return perWindow;
    }

    /**
     * In {@link #perWindow()} mode, the end of the first window holding {@code timestamp} that is not
     * yet emitted; the windows holding it end at {@code frameEnd(timestamp) + i * slide} for
     * {@code i < size / slide}, so iterate while below {@link #windowEndsLimit(long)}.
     */
    long windowEnds(long timestamp) {
        long first = frameEnd(timestamp);
        return nextWinEnd == NONE || first >= nextWinEnd ? first : nextWinEnd;
    }

    /** The exclusive upper bound of the window ends holding {@code timestamp}. */
    long windowEndsLimit(long timestamp) {
        return frameEnd(timestamp) + size;
    }

    /** The window step: consecutive windows end {@code slide} apart. */
    long slide() {
        return slide;
    }

    /** Whether a frame ending at {@code frameEnd} belongs only to windows already emitted. */
    boolean isLateFrame(long frameEnd) {
        return nextWinEnd != NONE && frameEnd < nextWinEnd;
    }

    /** The last watermark fully processed, or {@link #NONE}. */
    long lastWatermark() {
        return lastWm;
    }

    boolean isEmitting() {
        return emitIter != null;
    }

    SupplierEx<Object> createFn() {
        return createFn;
    }

    BiConsumerEx<Object, Object> combineFn() {
        return combineFn;
    }

    // ------------------------------------------------------------------------------ final results

    /**
     * Emits every window with data that ends at or before {@code wm} ({@code Long.MAX_VALUE}: all).
     * Returns {@code false} if the outbox filled up; call again with the same or a higher value.
     */
    boolean emitUpTo(long wm, Outbox outbox) throws Exception {
        for (;;) {
            if (emitIter != null) {
                if (!drainFinal(outbox)) {
                    return false;
                }
                afterWindow(emitEnd);
            }
            long e = nextWindowWithData();
            if (e == NONE || e > wm) {
                break;
            }
            prepareWindow(e);
        }
        if (wm <= Long.MAX_VALUE - slide) {
            long after = frameEnd(wm);
            if (nextWinEnd == NONE || after > nextWinEnd) {
                nextWinEnd = after;
            }
            lastWm = Math.max(lastWm, wm);
        }
        return true;
    }

    private long nextWindowWithData() {
        if (deductMode && !running.isEmpty()) {
            return nextWinEnd;
        }
        if (frames.isEmpty()) {
            return NONE;
        }
        long first = frames.firstKey();
        return nextWinEnd == NONE ? first : Math.max(nextWinEnd, first);
    }

    private void prepareWindow(long end) throws Exception {
        emitEnd = end;
        if (tumbling || perWindow) {
            HashMap<Object, Object> f = frames.remove(end);
            frameEntries -= f.size();
            cachedFrameEnd = NONE;
            emitIter = f.entrySet().iterator();
            emitFromRunning = false;
        } else if (deductMode) {
            HashMap<Object, Object> entering = frames.get(end);
            if (entering != null) {
                for (Map.Entry<Object, Object> e : entering.entrySet()) {
                    Running r = running.get(e.getKey());
                    if (r == null) {
                        r = new Running(createFn.getEx());
                        running.put(e.getKey(), r);
                    }
                    combineFn.acceptEx(r.acc, e.getValue());
                    r.frames++;
                }
            }
            HashMap<Object, Object> leaving = frames.remove(end - size);
            if (leaving != null) {
                frameEntries -= leaving.size();
                cachedFrameEnd = NONE;
                for (Map.Entry<Object, Object> e : leaving.entrySet()) {
                    Running r = running.get(e.getKey());
                    deductFn.acceptEx(r.acc, e.getValue());
                    if (--r.frames == 0) {
                        running.remove(e.getKey());
                    }
                }
            }
            emitIter = running.entrySet().iterator();
            emitFromRunning = true;
        } else {
            emitIter = combineWindow(end).entrySet().iterator();
            emitFromRunning = false;
        }
    }

    private HashMap<Object, Object> combineWindow(long end) throws Exception {
        HashMap<Object, Object> accs = new HashMap<>();
        for (HashMap<Object, Object> f : frames.subMap(end - size, false, end, true).values()) {
            for (Map.Entry<Object, Object> e : f.entrySet()) {
                Object acc = accs.get(e.getKey());
                if (acc == null) {
                    acc = createFn.getEx();
                    accs.put(e.getKey(), acc);
                }
                combineFn.acceptEx(acc, e.getValue());
            }
        }
        return accs;
    }

    private boolean drainFinal(Outbox outbox) throws Exception {
        // the running accumulator lives on; tumbling frames and per-window combinations are discarded
        FunctionEx<Object, Object> resultFn = emitFromRunning ? exportFn : finishFn;
        while (emitIter.hasNext()) {
            if (outbox.hasReachedLimit()) {
                return false;
            }
            Map.Entry<Object, ?> e = emitIter.next();
            Object acc = emitFromRunning ? ((Running) e.getValue()).acc : e.getValue();
            outbox.add(result(emitEnd, e.getKey(), resultFn.applyEx(acc), false));
        }
        emitIter = null;
        return true;
    }

    private void afterWindow(long end) {
        nextWinEnd = end + slide;
        if (!tumbling && !deductMode && !perWindow) {
            // frames up to end - size + slide are not part of window end + slide or later
            removeFrames(frames.headMap(end - size + slide, true));
            cachedFrameEnd = NONE;
        }
    }

    private Object result(long end, Object key, Object value, boolean early) {
        Object r = keyed
                ? new KeyedWindowResult<>(end - size, end, key, value, early)
                : new WindowResult<>(end - size, end, value, early);
        return new TimestampedItem<>(end - 1, r);
    }

    // ------------------------------------------------------------------------------ early results

    /** Starts a pass of early results over all open windows that have data. */
    void startEarly() {
        earlyIter = null;
        earlyNext = NONE;
    }

    /** Continues the early-results pass; {@code true} when it is complete. */
    boolean emitEarly(Outbox outbox) throws Exception {
        for (;;) {
            if (earlyIter != null) {
                // a window emitted finally since this pass prepared it gets no early result
                boolean stillOpen = nextWinEnd == NONE || earlyEnd >= nextWinEnd;
                while (stillOpen && earlyIter.hasNext()) {
                    if (outbox.hasReachedLimit()) {
                        return false;
                    }
                    Map.Entry<Object, Object> e = earlyIter.next();
                    outbox.add(result(earlyEnd, e.getKey(), exportFn.applyEx(e.getValue()), true));
                }
                earlyIter = null;
                earlyNext = earlyEnd + slide;
            }
            long e = nextOpenWindow(earlyNext);
            if (e == NONE) {
                return true;
            }
            earlyEnd = e;
            // without combineFn the frame at e is the window (tumbling or perWindow); its accumulators
            // are live (items may join them between calls), so iterate a copy of the map
            earlyIter = combineFn == null ? new HashMap<>(frames.get(e)).entrySet().iterator()
                                  : combineWindow(e).entrySet().iterator();
        }
    }

    private long nextOpenWindow(long from) {
        if (frames.isEmpty()) {
            return NONE;
        }
        long lowest = from;
        if (nextWinEnd != NONE && (lowest == NONE || nextWinEnd > lowest)) {
            lowest = nextWinEnd;
        }
        if (lowest == NONE) {
            return frames.firstKey();
        }
        if (perWindow) {
            Long w = frames.ceilingKey(lowest);
            return w == null ? NONE : w;
        }
        Long f = frames.higherKey(lowest - size);
        return f == null ? NONE : Math.max(lowest, f);
    }

    // ---------------------------------------------------------------------------------- snapshots

    void save(SnapshotOutbox snapshot) {
        for (Map.Entry<Long, HashMap<Object, Object>> f : frames.entrySet()) {
            for (Map.Entry<Object, Object> e : f.getValue().entrySet()) {
                snapshot.save(new WindowFrameKey(f.getKey(), e.getKey()), new FrameSnapshot(e.getValue(), lastWm));
            }
        }
    }

    void restore(WindowFrameKey key, FrameSnapshot value) throws Exception {
        lastWm = restoredAny ? Math.min(lastWm, value.watermark()) : value.watermark();
        restoredAny = true;
        HashMap<Object, Object> f = frame(key.frameEnd());
        Object acc = f.get(key.key());
        if (acc == null) {
            f.put(key.key(), value.accumulator());
            entryAdded();
        } else if (combineFn != null) {
            combineFn.acceptEx(acc, value.accumulator());
        } else {
            throw new IllegalStateException("the snapshot holds two accumulators for key " + key.key() + " and the"
                    + " window (frame) ending at " + key.frameEnd() + ", but the aggregate operation has no combineFn to"
                    + " merge them; restore the job with the parallelism it was snapshotted with, or give the"
                    + " operation a combineFn");
        }
    }

    /** Drops frames that can no longer contribute and rebuilds the running accumulators. */
    void finishRestore() throws Exception {
        cachedFrameEnd = NONE;
        if (lastWm == NONE) {
            return;
        }
        nextWinEnd = frameEnd(lastWm);
        long lastEmitted = nextWinEnd - slide;
        if (tumbling || perWindow) {
            removeFrames(frames.headMap(nextWinEnd, false));
        } else if (!deductMode) {
            removeFrames(frames.headMap(nextWinEnd - size, true));
        } else {
            removeFrames(frames.headMap(lastEmitted - size, true));
            for (HashMap<Object, Object> f : frames.headMap(lastEmitted, true).values()) {
                for (Map.Entry<Object, Object> e : f.entrySet()) {
                    Running r = running.get(e.getKey());
                    if (r == null) {
                        r = new Running(createFn.getEx());
                        running.put(e.getKey(), r);
                    }
                    combineFn.acceptEx(r.acc, e.getValue());
                    r.frames++;
                }
            }
        }
    }

    /** A key's accumulator of the window {@code nextWinEnd - slide} and how many frames it holds. */
    private static final class Running {
        final Object acc;
        int frames;

        Running(Object acc) {
            this.acc = acc;
        }
    }
}
