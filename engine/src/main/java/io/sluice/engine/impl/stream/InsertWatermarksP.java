package io.sluice.engine.impl.stream;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.ToLongFunctionEx;

import java.util.Objects;

/**
 * Assigns event time: wraps each item as {@code TimestampedItem(timestampFn(item), item)} and emits
 * watermarks that trail the highest timestamp by {@code allowedLag} (see {@link EventTimeMapper}).
 * An item that already is a {@code TimestampedItem} is re-stamped: {@code timestampFn} is applied to
 * its inner item.
 *
 * <p><i>Emits when:</i> for every item, the wrapped item. <i>Watermarks:</i> its own, emitted
 * <em>before</em> the item that advances it and floored to a multiple of {@code granularity} (see
 * {@link EventTimeMapper}), so which items are late downstream does not depend on how the input
 * was batched (a watermark in the middle of a batch seals the output batch first);
 * {@code Watermark.IDLE} once after {@code idleTimeoutMillis} without input. Input watermarks are
 * swallowed ({@link #forwardsWatermarks()} is {@code false}): this stage replaces event time.
 * <i>Snapshot state:</i> none; after a restart the watermark is derived anew from the replayed items.
 *
 * <p>Items are never dropped here; stages that care about lateness (windows) drop late items.
 * A throwing {@code timestampFn} fails the job.
 */
public final class InsertWatermarksP implements Processor {
    private final ToLongFunctionEx<Object> timestampFn;
    private final EventTimeMapper mapper;
    private Outbox outbox;
    private boolean activeSinceTick;

    /**
     * @param timestampFn       the event time of an item (the inner item for a {@code TimestampedItem})
     * @param allowedLag        how far behind the highest timestamp an item may be; not negative
     * @param granularity       minimum event-time advance between two watermarks; positive
     * @param idleTimeoutMillis wall-clock time without items before {@code Watermark.IDLE} is emitted; 0 = never
     */
    @SuppressWarnings("unchecked")
    public InsertWatermarksP(ToLongFunctionEx<?> timestampFn, long allowedLag, long granularity, long idleTimeoutMillis) {
        this.timestampFn = (ToLongFunctionEx<Object>) Objects.requireNonNull(timestampFn, "timestampFn must not be null");
        this.mapper = new EventTimeMapper(allowedLag, granularity, idleTimeoutMillis);
    }

    /** With a granularity of 1 and no idle timeout. */
    public InsertWatermarksP(ToLongFunctionEx<?> timestampFn, long allowedLag) {
        this(timestampFn, allowedLag, 1, 0);
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
    }

    @Override
    public boolean forwardsWatermarks() {
        return false;
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            processItem(items[i]);
        }
    }

    /**
     * The per-item body for fused chains: stamps the item, emits the watermark it makes due (before
     * it) and then the item.
     */
    public void processItem(Object item) throws Exception {
        Object inner = item instanceof TimestampedItem<?> ti ? ti.item() : item;
        long ts = timestampFn.applyAsLongEx(inner);
        activeSinceTick = true;
        long wm = mapper.observeEvent(ts);
        if (wm != EventTimeMapper.NO_WATERMARK) {
            outbox.addWatermark(wm);
        }
        outbox.add(item instanceof TimestampedItem<?> ti && ti.timestamp() == ts ? item : new TimestampedItem<>(ts, inner));
    }

    /** Swallows the input watermark: event time is replaced here. */
    @Override
    public boolean tryProcessWatermark(long timestamp) {
        return true;
    }

    @Override
    public boolean tryProcess() {
        // activity is sampled per tick rather than per item: System.nanoTime() per item is not free
        long now = System.nanoTime();
        if (activeSinceTick) {
            activeSinceTick = false;
            mapper.markActivity(now);
        } else if (mapper.pollIdle(now)) {
            outbox.addWatermark(Watermark.IDLE.timestamp());
        }
        return true;
    }

    /** The mapper, for tests and metrics. */
    EventTimeMapper mapper() {
        return mapper;
    }
}
