package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.ToLongFunctionEx;
import io.sluice.engine.impl.stream.EventTimeMapper;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;

import java.util.Objects;

/**
 * One runner of a stream source: calls the runner's {@code fill} while downstream has demand and
 * applies the stage's {@link EventTimePolicy}.
 *
 * <p><i>Emits when:</i> the runner adds items (wrapped as {@code TimestampedItem} when the stage
 * has event time). <i>Watermarks:</i> the highest timestamp seen minus the allowed lag, at most
 * one per {@link #complete()} call (so at most about one per batch) and only when it advanced by
 * at least 1 ms; {@code Watermark.IDLE} once when the runner has had no items for
 * {@code runnerIdleMillis}, and the current watermark again with the next items. A source without
 * event time emits no watermarks at all. <i>Snapshot state:</i> the runner's.
 *
 * <p>Design note. The runtime calls {@link #complete()} repeatedly (about every millisecond when
 * the runner has nothing); a call fills until the outbox reports its limit, the runner adds
 * nothing, or it closes. Per item the cost is the timestamp (function call or the native
 * value), one {@code TimestampedItem} and the outbox call: the watermark and the idle clock are
 * looked at once per call. Ingestion time is sampled once per {@code fill} call.
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

    /**
     * @param sourceName       the source's name, for error messages
     * @param factory          creates the runner
     * @param policy           the stage's event time
     * @param runnerIdleMillis after this long without items the runner emits {@code Watermark.IDLE}; 0 = never
     */
    public StreamSourceP(String sourceName, SourceRunner.Factory factory, EventTimePolicy policy, long runnerIdleMillis) {
        this.sourceName = sourceName;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.runnerIdleMillis = runnerIdleMillis;
        this.mapper = policy.hasTimestamps() ? new EventTimeMapper(policy.allowedLag(), 1, runnerIdleMillis) : null;
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
        int added = 0;
        while (!buffer.closed && !outbox.hasReachedLimit()) {
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
        return buffer.closed;
    }

    /** At most one watermark per call: a fused chain accepts one watermark per call of its head. */
    private void emitEventTime(boolean active) {
        long now = System.nanoTime();
        if (active) {
            mapper.markActivity(now);
            long wm = mapper.pollWatermark();
            if (wm == EventTimeMapper.NO_WATERMARK && idleEmitted) {
                wm = mapper.lastEmittedWatermark(); // back from idle: count again downstream
            }
            if (wm != EventTimeMapper.NO_WATERMARK) {
                idleEmitted = false;
                outbox.addWatermark(wm);
            }
        } else if (runnerIdleMillis > 0 && !buffer.closed && mapper.pollIdle(now)) {
            idleEmitted = true;
            outbox.addWatermark(Long.MAX_VALUE);
        }
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
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
            mapper.observeOnly(timestamp);
            outbox.add(stamped);
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
