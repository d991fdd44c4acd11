package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;

import java.util.function.LongSupplier;

/**
 * The input side shared by the single-stage window processors ({@link WindowP},
 * {@link SessionWindowP}): one key and accumulate function per input (co-aggregation), the
 * lateness rule (an item below the current watermark is counted and dropped, or sent to output
 * ordinal 1), and the early-results timer. Subclasses put each on-time item into their windows.
 */
abstract class WindowInputP implements Processor {
    final FunctionEx<Object, Object>[] keyFns;
    final BiConsumerEx<Object, Object>[] accumulateFns;
    final EarlyResultsTimer earlyTimer;
    /** The watermark processed so far: items below it are late. */
    long currentWm = Long.MIN_VALUE;
    Outbox outbox;
    ProcessorContext context;
    /** {@code maxProcessorAccumulatedRecords}: the subclasses' limit on what they accumulate. */
    long maxRecords = Long.MAX_VALUE;
    private final boolean perOrdinal;
    private final boolean routeLateToOrdinal1;
    private long lateCount;

    @SuppressWarnings("unchecked")
    WindowInputP(FunctionEx<?, ?>[] keyFns, boolean keyed, AggregateOperation<?, ?> op, int[] inputs, boolean perOrdinal,
                 boolean routeLateToOrdinal1, long earlyResultsPeriod) {
        this.keyFns = (FunctionEx<Object, Object>[]) keyFns;
        this.accumulateFns = WindowInputs.accumulateFns(keyFns, keyed, op, inputs);
        this.perOrdinal = perOrdinal;
        this.routeLateToOrdinal1 = routeLateToOrdinal1;
        this.earlyTimer = new EarlyResultsTimer(earlyResultsPeriod);
    }

    /** For tests: replaces {@code System.nanoTime()}. */
    void setNanoClock(LongSupplier clock) {
        earlyTimer.setNanoClock(clock);
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        this.context = context;
        this.maxRecords = context.maxProcessorAccumulatedRecords();
        earlyTimer.start();
    }

    @Override
    public final void process(int ordinal, Batch batch) throws Exception {
        int input = perOrdinal ? ordinal : 0;
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            processItem(input, items[i]);
        }
    }

    /** The per-item body for input 0 (or the single input). */
    public final void processItem(Object item) throws Exception {
        processItem(0, item);
    }

    /** The per-item body for input {@code ordinal} of a co-aggregating window. */
    public final void processItem(int ordinal, Object item) throws Exception {
        if (!(item instanceof TimestampedItem<?> ti)) {
            throw WindowAccumulateP.notTimestamped(item);
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
        FunctionEx<Object, Object> keyFn = keyFns[ordinal];
        accumulate(ordinal, ts, keyFn == null ? GlobalKey.INSTANCE : keyFn.applyEx(inner), inner);
    }

    /** Adds an on-time item of input {@code ordinal}, with its timestamp and grouping key, to its window. */
    abstract void accumulate(int ordinal, long ts, Object key, Object item) throws Exception;

    /** How many late items were dropped (or routed to ordinal 1). */
    public long lateCount() {
        return lateCount;
    }
}
