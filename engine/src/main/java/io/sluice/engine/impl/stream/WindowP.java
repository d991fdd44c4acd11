package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * A sliding or tumbling window aggregation in one stage: accumulates items per frame and key and
 * emits window results, with optional early results. For keyed windows after a partitioned edge
 * (or a non-keyed window at parallelism 1); the planner uses it when early results are requested,
 * since the two-stage form cannot see a window's current state in one place.
 *
 * <p><i>Emits when:</i> a watermark {@code wm} arrives: the results of all windows ending at or
 * before {@code wm}, in order of end, as {@code TimestampedItem(end - 1, KeyedWindowResult)} (or
 * {@code WindowResult} when not keyed), exactly as {@link WindowCombineP}; on {@link #complete()},
 * all remaining windows; every {@code def.earlyResultsPeriod()} ms of wall-clock time (checked on
 * timer ticks), the current result of every open window that has data, with {@code isEarly()}.
 * <i>Watermarks:</i> forwarded unchanged after the results they close. <i>Late items</i> are
 * counted and dropped, or emitted on ordinal 1 (the inner item). <i>Snapshot state:</i> the open
 * frames, as {@link WindowCombineP} saves them.
 *
 * <p>An operation without {@code combineFn} works too: tumbling windows never combine, and sliding
 * windows then keep one accumulator per window and key and accumulate each item into every window
 * it belongs to (see {@link SlidingWindowCore}).
 *
 * <p>Co-aggregation: with the list constructor, input ordinal {@code i} of
 * {@link #process(int, Batch)} is input {@code i} of the operation and uses {@code keyFns.get(i)}.
 */
public final class WindowP extends WindowInputP implements StateReporting {
    private final SlidingWindowCore core;
    private final SupplierEx<Object> createFn;

    private boolean earlyInProgress;

    /**
     * A single-input window.
     *
     * @param keyFn               the grouping key (applied to the inner item); {@code null} for a non-keyed window
     * @param def                 the window definition, with its early results period
     * @param op                  the aggregate operation
     * @param inputOrdinal        which input of {@code op} the items are; 0 for one input
     * @param routeLateToOrdinal1 send late items to output ordinal 1 instead of dropping them
     */
    public WindowP(FunctionEx<?, ?> keyFn, WindowDefinition.Sliding def, AggregateOperation<?, ?> op,
                   int inputOrdinal, boolean routeLateToOrdinal1) {
        this(new FunctionEx<?, ?>[]{keyFn}, keyFn != null, def, op, new int[]{inputOrdinal}, false, routeLateToOrdinal1);
    }

    /**
     * A co-aggregating window: items of input ordinal {@code i} are input {@code i} of {@code op}.
     *
     * @param keyFns              one key function per input, {@code op.arity()} of them; {@code null} for a non-keyed window
     * @param def                 the window definition, with its early results period
     * @param op                  the aggregate operation
     * @param routeLateToOrdinal1 send late items to output ordinal 1 instead of dropping them
     */
    public WindowP(List<? extends FunctionEx<?, ?>> keyFns, WindowDefinition.Sliding def, AggregateOperation<?, ?> op,
                   boolean routeLateToOrdinal1) {
        this(WindowInputs.keyFnArray(keyFns, op), keyFns != null, def, op, WindowInputs.ordinals(op.arity()), true,
                routeLateToOrdinal1);
    }

    @SuppressWarnings("unchecked")
    private WindowP(FunctionEx<?, ?>[] keyFns, boolean keyed, WindowDefinition.Sliding def, AggregateOperation<?, ?> op,
                    int[] inputs, boolean perOrdinal, boolean routeLateToOrdinal1) {
        super(keyFns, keyed, Objects.requireNonNull(op, "op must not be null"), inputs, perOrdinal, routeLateToOrdinal1,
                Objects.requireNonNull(def, "def must not be null").earlyResultsPeriod());
        this.core = new SlidingWindowCore(def, op, keyed);
        this.createFn = core.createFn();
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        super.init(outbox, context);
        core.init(context);
    }

    @Override
    public long accumulatedRecords() {
        return core.frameEntries();
    }

    @Override
    void accumulate(int ordinal, long ts, Object key, Object inner) throws Exception {
        if (core.perWindow()) {
            // no combineFn: the item goes into each open window it belongs to
            long step = core.slide();
            for (long end = core.windowEnds(ts), limit = core.windowEndsLimit(ts); end < limit; end += step) {
                accumulateFns[ordinal].acceptEx(accumulatorOf(core.frame(end), key), inner);
            }
            return;
        }
        accumulateFns[ordinal].acceptEx(accumulatorOf(core.frame(core.frameEnd(ts)), key), inner);
    }

    private Object accumulatorOf(HashMap<Object, Object> frame, Object key) throws Exception {
        Object acc = frame.get(key);
        if (acc == null) {
            acc = createFn.getEx();
            frame.put(key, acc);
            core.entryAdded();
        }
        return acc;
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        if (timestamp > currentWm) {
            currentWm = timestamp;
        }
        return core.emitUpTo(timestamp, outbox);
    }

    @Override
    public boolean tryProcess() throws Exception {
        if (earlyTimer.isOff() || core.isEmitting()) {
            return true;
        }
        if (!earlyInProgress) {
            if (!earlyTimer.isDue()) {
                return true;
            }
            core.startEarly();
            earlyInProgress = true;
        }
        if (!core.emitEarly(outbox)) {
            return false;
        }
        earlyInProgress = false;
        return true;
    }

    @Override
    public boolean complete() throws Exception {
        return core.emitUpTo(Long.MAX_VALUE, outbox);
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
        currentWm = core.lastWatermark();
    }
}
