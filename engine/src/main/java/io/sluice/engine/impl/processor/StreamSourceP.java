package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.ToLongFunctionEx;
import io.sluice.engine.impl.stream.EventTimeMapper;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One runner of a stream source: calls the runner's {@code fill} while downstream has demand and
 * applies the stage's {@link EventTimePolicy}.
 *
 * <p><i>Emits when:</i> the runner adds items (wrapped as {@code TimestampedItem} when the stage
 * has event time). <i>Watermarks:</i> the highest timestamp seen minus the allowed lag, floored to
 * the granularity the planner chose (the frame of the windows downstream), emitted <em>before</em>
 * the item that advances it (see {@link EventTimeMapper}): which items are late does not depend on
 * how the runner batches, on the batch size or the batch wait. With ingestion time the watermark
 * also follows the clock ({@code now - lag}, Jet's {@code limitingRealTimeLag}) on every call
 * that adds nothing and on timer ticks, so a quiet stream still closes its windows.
 * {@code Watermark.IDLE} once when the runner has had no items for {@code runnerIdleMillis}, and
 * the current watermark again before the next item. A source without event time emits no
 * watermarks at all. <i>Snapshot state:</i> the runner's.
 *
 * <p>Design note. The runtime calls {@link #complete()} repeatedly (about every millisecond when
 * the runner has nothing); a call fills until the outbox reports its limit, the runner adds
 * nothing, or it closes. Per item the cost is the timestamp (function call or the native
 * value), one comparison with the next due watermark, one {@code TimestampedItem} and the outbox
 * call; the idle clock is looked at once per call. Ingestion time is sampled once per
 * {@code fill} call. A watermark in the middle of a fill seals the batch being filled (the
 * outbox flushes before it), so order is kept. If the outbox then reports its limit (in a fused
 * chain: a step is still handing on the watermark, e.g. a window accumulate emitting its frames,
 * paced by downstream demand), the rest of the fill waits in a backlog (items and any further
 * watermarks, in order) that the next calls drain before filling again: the frames are emitted
 * paced, so the stage downstream starts on them while this one still emits (pushing them all
 * through at once cost the Q5 latency benchmark about 2 ms at p50 on 2 cores).
 */
public final class StreamSourceP implements Processor {
    private final SourceRunner.Factory factory;
    private final EventTimePolicy policy;
    private final long runnerIdleMillis;
    private final String sourceName;
    private final Buffer buffer = new Buffer();
    private final EventTimeMapper mapper;
    private SourceRunner runner;
    private Outbox outbox;
    private boolean idleEmitted;
    /** Items and watermarks (as {@link Watermark}) waiting behind a watermark the outbox did not take at once, or {@code null}. */
    private ArrayDeque<Object> backlog;

    /**
     * @param sourceName       the source's name, for error messages
     * @param factory          creates the runner
     * @param policy           the stage's event time
     * @param runnerIdleMillis after this long without items the runner emits {@code Watermark.IDLE}; 0 = never
     */
    public StreamSourceP(String sourceName, SourceRunner.Factory factory, EventTimePolicy policy, long runnerIdleMillis) {
        this(sourceName, factory, policy, runnerIdleMillis, 1);
    }

    /**
     * @param sourceName            the source's name, for error messages
     * @param factory               creates the runner
     * @param policy                the stage's event time
     * @param runnerIdleMillis      after this long without items the runner emits {@code Watermark.IDLE}; 0 = never
     * @param watermarkGranularity  emitted watermarks are multiples of it (see {@link EventTimeMapper}); positive
     */
    public StreamSourceP(String sourceName, SourceRunner.Factory factory, EventTimePolicy policy, long runnerIdleMillis,
                         long watermarkGranularity) {
        this.sourceName = sourceName;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.runnerIdleMillis = runnerIdleMillis;
        this.mapper = policy.hasTimestamps() ? new EventTimeMapper(policy.allowedLag(), watermarkGranularity, runnerIdleMillis) : null;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws Exception {
        this.outbox = outbox;
        this.runner = factory.create(context);
    }

    @Override
    public void process(int ordinal, Batch batch) {
        throw new UnsupportedOperationException("a source has no inputs");
    }

    @Override
    public boolean complete() throws Exception {
        if (backlog != null && !drainBacklog()) {
            return false;
        }
        int added = 0;
        while (!buffer.closed && backlog == null && !outbox.hasReachedLimit()) {
            buffer.added = 0;
            if (policy.kind() == EventTimePolicy.Kind.INGESTION) {
                buffer.ingestionTime = System.currentTimeMillis();
            }
            runner.fill(buffer);
            added += buffer.added;
            if (buffer.added == 0) {
                break; // nothing available now; the runtime calls again shortly
            }
        }
        if (mapper != null) {
            emitEventTime(added > 0);
        }
        return buffer.closed && backlog == null;
    }

    /** Emits the backlog while the outbox takes it; {@code true} once it is empty. */
    private boolean drainBacklog() {
        while (!backlog.isEmpty()) {
            if (outbox.hasReachedLimit()) {
                return false;
            }
            Object o = backlog.poll();
            if (o instanceof Watermark w) {
                outbox.addWatermark(w.timestamp());
            } else {
                outbox.add(o);
            }
        }
        backlog = null;
        return true;
    }

    /** Idle marker and clock; the watermarks due to items were emitted before them. */
    private void emitEventTime(boolean active) {
        long now = System.nanoTime();
        if (active) {
            mapper.markActivity(now);
        } else {
            advanceClock();
            if (runnerIdleMillis > 0 && !buffer.closed && mapper.pollIdle(now)) {
                idleEmitted = true;
                outbox.addWatermark(Long.MAX_VALUE);
            }
        }
    }

    /** With ingestion time, the watermark follows the clock even without items. */
    private void advanceClock() {
        if (policy.kind() == EventTimePolicy.Kind.INGESTION && !buffer.closed && backlog == null) {
            long wm = mapper.observeClock(System.currentTimeMillis());
            if (wm != EventTimeMapper.NO_WATERMARK) {
                idleEmitted = false;
                outbox.addWatermark(wm);
            }
        }
    }

    /** Timer tick: with ingestion time, advance the watermark to {@code now - lag}. */
    @Override
    public boolean tryProcess() {
        if (mapper != null && outbox != null) {
            advanceClock();
        }
        return true;
    }

    /** The watermark due before an item of time {@code timestamp} (also after an idle period), or NO_WATERMARK. */
    private long watermarkDue(long timestamp) {
        long wm = mapper.observeEvent(timestamp);
        if (wm != EventTimeMapper.NO_WATERMARK) {
            idleEmitted = false;
        } else if (idleEmitted) {
            idleEmitted = false;
            wm = mapper.lastEmittedWatermark(); // back from idle: count again downstream
        }
        return wm;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        if (backlog != null && !drainBacklog()) {
            return false; // the runner's position is past the backlog: emit it first
        }
        return runner.saveToSnapshot(snapshot);
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        runner.restoreFromSnapshot(key, value);
    }

    @Override
    public void finishSnapshotRestore() throws Exception {
        runner.finishSnapshotRestore();
    }

    @Override
    public void close() throws Exception {
        if (runner != null) {
            SourceRunner r = runner;
            runner = null;
            r.close();
        }
    }

    private final class Buffer implements TimestampedSourceBuffer<Object> {
        boolean closed;
        int added;
        long ingestionTime;

        @Override
        public void add(Object item) {
            switch (policy.kind()) {
                case NONE -> emitRaw(item);
                case FUNCTION -> emitStamped(item, applyTimestampFn(item));
                case INGESTION -> emitStamped(item, ingestionTime);
                case NATIVE -> throw new IllegalStateException("source '" + sourceName + "' is used withNativeTimestamps,"
                        + " so every item needs a timestamp: call add(item, timestampMillis), not add(item)");
                default -> throw new AssertionError(policy.kind());
            }
        }

        @Override
        public void add(Object item, long timestampMillis) {
            switch (policy.kind()) {
                case NONE -> emitRaw(item);
                case FUNCTION -> emitStamped(item, applyTimestampFn(item));
                case INGESTION -> emitStamped(item, ingestionTime);
                case NATIVE -> emitStamped(item, timestampMillis);
                default -> throw new AssertionError(policy.kind());
            }
        }

        private long applyTimestampFn(Object item) {
            ToLongFunctionEx<Object> fn = policy.timestampFn();
            try {
                return fn.applyAsLongEx(checkItem(item));
            } catch (Exception e) {
                throw ProcessorUtil.sneakyThrow(e);
            }
        }

        private Object checkItem(Object item) {
            if (item == null) {
                throw new NullPointerException("source '" + sourceName + "' added a null item; items must not be null");
            }
            if (closed) {
                throw new IllegalStateException("source '" + sourceName + "' added an item after closing its buffer");
            }
            return item;
        }

        private void emitRaw(Object item) {
            outbox.add(checkItem(item));
            added++;
        }

        private void emitStamped(Object item, long timestamp) {
            TimestampedItem<Object> stamped = new TimestampedItem<>(timestamp, checkItem(item));
            long wm = watermarkDue(timestamp);
            if (backlog != null) {
                if (wm != EventTimeMapper.NO_WATERMARK) {
                    backlog.add(new Watermark(wm));
                }
                backlog.add(stamped);
            } else if (wm != EventTimeMapper.NO_WATERMARK) {
                outbox.addWatermark(wm);
                if (outbox.hasReachedLimit()) {
                    backlog = new ArrayDeque<>(); // the rest of this fill waits behind the watermark
                    backlog.add(stamped);
                } else {
                    outbox.add(stamped);
                }
            } else {
                outbox.add(stamped);
            }
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
