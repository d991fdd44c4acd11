package io.sluice.engine.impl.stream;

import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.execution.IdleAware;
import io.sluice.engine.impl.execution.StateReporting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A keyed, event-time stream-to-stream join: input ordinal 0 is the left stream, ordinal 1 the
 * right one, both {@code TimestampedItem}s partitioned by their join key. A left item {@code l} and
 * a right item {@code r} with equal keys are joined when {@link JoinCondition#matches} their
 * timestamps (same tumbling window, or {@code r.ts - l.ts} within an interval).
 *
 * <p><i>Emits when:</i> a pair is emitted as soon as its second item arrives, as
 * {@code TimestampedItem(l.ts, mapFn(l, r))} (a {@code null} result is dropped); each pair once.
 * Left outer: a left item that matched nothing is emitted as {@code mapFn(l, null)} at
 * {@code l.ts} when the watermark passes its expiry (the last right timestamp that could match),
 * or at the end of a finite stream. <i>Watermarks:</i> this processor emits its own: the input
 * watermark {@code W}, held back to the lowest timestamp of a left item still held (a held left
 * item may still produce results stamped with its timestamp), so a watermark is forwarded only
 * once every result at or before it has been emitted. <i>Late items</i> (below the watermark
 * processed so far) are counted ({@link #lateCount()}) and dropped. <i>Snapshot state:</i> per
 * key, the held items of both sides ({@link JoinKeySnapshot}).
 *
 * <p>Design note. Items are held per key (two lists) and, for release, in buckets by expiry in
 * one sorted map per side; every item of a bucket is released together, when the watermark
 * passes the bucket's expiry. An item arriving after its partner was released cannot match it:
 * it is not late, so its timestamp is at least the watermark, which is above the partner's
 * expiry. So each pair is found exactly once, by whichever item comes second, and the state per
 * key is bounded by the items within one window or interval (plus the watermark lag). Released
 * items are marked dead and the per-key lists compacted lazily. Release is resumable, paced by
 * {@code hasReachedLimit()}. At most {@code maxProcessorAccumulatedRecords} items are held.
 */
public final class StreamJoinP implements Processor, StateReporting, IdleAware {
    private final FunctionEx<Object, Object> leftKeyFn;
    private final FunctionEx<Object, Object> rightKeyFn;
    private final FunctionEx<Object, Object> rightProjectFn;
    private final BiFunctionEx<Object, Object, Object> mapFn;
    private final JoinCondition condition;
    private final boolean leftOuter;

    private final HashMap<Object, KeyState> keys = new HashMap<>();
    private final TreeMap<Long, Bucket> leftBuckets = new TreeMap<>();
    private final TreeMap<Long, Bucket> rightBuckets = new TreeMap<>();
    private long held;
    private long currentWm = Long.MIN_VALUE;
    private long emittedWm = Long.MIN_VALUE;
    private boolean idleSent;
    private boolean restoredAny;
    private long lateCount;
    private Outbox outbox;
    private ProcessorContext context;
    private long maxRecords = Long.MAX_VALUE;

    /** The bucket being released (resumable) and the next entry index in it. */
    private Bucket releasing;
    private int releaseIndex;
    /** At the end of a finite stream: the buckets still to release. */
    private Iterator<Bucket> completing;

    /**
     * @param leftKeyFn      join key of a left item
     * @param rightKeyFn     join key of a right item
     * @param rightProjectFn what is kept of a right item, or {@code null} for the item itself
     * @param mapFn          {@code (left, right) -> output}; {@code right} is {@code null} for an
     *                       unmatched left item of a left outer join; may return {@code null}
     * @param condition      which timestamps join
     * @param leftOuter      whether unmatched left items are emitted
     */
    @SuppressWarnings("unchecked")
    public StreamJoinP(FunctionEx<?, ?> leftKeyFn, FunctionEx<?, ?> rightKeyFn, FunctionEx<?, ?> rightProjectFn,
                       BiFunctionEx<?, ?, ?> mapFn, JoinCondition condition, boolean leftOuter) {
        this.leftKeyFn = (FunctionEx<Object, Object>) Objects.requireNonNull(leftKeyFn, "leftKeyFn must not be null");
        this.rightKeyFn = (FunctionEx<Object, Object>) Objects.requireNonNull(rightKeyFn, "rightKeyFn must not be null");
        this.rightProjectFn = (FunctionEx<Object, Object>) rightProjectFn;
        this.mapFn = (BiFunctionEx<Object, Object, Object>) Objects.requireNonNull(mapFn, "mapFn must not be null");
        this.condition = Objects.requireNonNull(condition, "condition must not be null");
        this.leftOuter = leftOuter;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        this.context = context;
        this.maxRecords = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public boolean forwardsWatermarks() {
        return false;
    }

    @Override
    public long accumulatedRecords() {
        return held;
    }

    /** How many late items were dropped. */
    public long lateCount() {
        return lateCount;
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            processItem(ordinal, items[i]);
        }
    }

    /** The per-item body: {@code ordinal} 0 is the left input, 1 the right one. */
    public void processItem(int ordinal, Object item) throws Exception {
        if (!(item instanceof TimestampedItem<?> ti)) {
            throw new IllegalArgumentException("a stream-to-stream join needs timestamped items, but got "
                    + (item == null ? "null" : item.getClass().getName()) + ": add withTimestamps(..) before it");
        }
        long ts = ti.timestamp();
        if (ts < currentWm) {
            lateCount++;
            return;
        }
        if (ordinal == 0) {
            processLeft(ts, ti.item());
        } else {
            processRight(ts, ti.item());
        }
    }

    private void processLeft(long ts, Object item) throws Exception {
        Object key = leftKeyFn.applyEx(item);
        KeyState ks = keys.get(key);
        Entry e = new Entry(key, ts, item, true);
        if (ks != null) {
            ArrayList<Entry> rights = ks.rights;
            for (int i = 0, n = rights.size(); i < n; i++) {
                Entry r = rights.get(i);
                if (!r.dead && condition.matches(ts, r.ts)) {
                    e.matched = true;
                    emit(ts, mapFn.applyEx(item, r.item));
                }
            }
        }
        long expiry = condition.leftExpiry(ts);
        if (expiry < currentWm) {
            // no right item still to come can match it
            if (leftOuter && !e.matched) {
                emit(ts, mapFn.applyEx(item, null));
            }
            return;
        }
        if (ks == null) {
            ks = new KeyState();
            keys.put(key, ks);
        }
        ks.lefts.add(e);
        hold(leftBuckets, expiry, e);
    }

    private void processRight(long ts, Object rawItem) throws Exception {
        Object key = rightKeyFn.applyEx(rawItem);
        Object item = rightProjectFn == null ? rawItem : rightProjectFn.applyEx(rawItem);
        KeyState ks = keys.get(key);
        if (ks != null) {
            ArrayList<Entry> lefts = ks.lefts;
            for (int i = 0, n = lefts.size(); i < n; i++) {
                Entry l = lefts.get(i);
                if (!l.dead && condition.matches(l.ts, ts)) {
                    l.matched = true;
                    emit(l.ts, mapFn.applyEx(l.item, item));
                }
            }
        }
        long expiry = condition.rightExpiry(ts);
        if (expiry < currentWm) {
            return;
        }
        if (ks == null) {
            ks = new KeyState();
            keys.put(key, ks);
        }
        Entry e = new Entry(key, ts, item, false);
        ks.rights.add(e);
        hold(rightBuckets, expiry, e);
    }

    private void emit(long ts, Object result) {
        if (result != null) {
            outbox.add(new TimestampedItem<>(ts, result));
        }
    }

    private void hold(TreeMap<Long, Bucket> buckets, long expiry, Entry e) {
        Bucket b = buckets.get(expiry);
        if (b == null) {
            b = new Bucket(expiry, e.left);
            buckets.put(expiry, b);
        }
        b.entries.add(e);
        if (e.ts < b.minTs) {
            b.minTs = e.ts;
        }
        held++;
        if (held > maxRecords) {
            throw new AccumulationLimitExceededException(context, "items held by the stream join", held);
        }
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        if (timestamp > currentWm) {
            currentWm = timestamp;
        }
        if (!releaseExpired(leftBuckets) || !releaseExpired(rightBuckets)) {
            return false;
        }
        long out = currentWm;
        Map.Entry<Long, Bucket> first = leftBuckets.firstEntry();
        if (first != null && first.getValue().minTs < out) {
            out = first.getValue().minTs;
        }
        if (out > emittedWm || (idleSent && out != Long.MIN_VALUE)) {
            emittedWm = Math.max(emittedWm, out);
            idleSent = false;
            outbox.addWatermark(emittedWm);
        }
        return true;
    }

    /** Releases the buckets whose expiry is below the watermark; {@code false} if the outbox filled up. */
    private boolean releaseExpired(TreeMap<Long, Bucket> buckets) throws Exception {
        for (;;) {
            if (releasing != null && !releaseBucket()) {
                return false;
            }
            Map.Entry<Long, Bucket> first = buckets.firstEntry();
            if (first == null || first.getKey() >= currentWm) {
                return true;
            }
            releasing = buckets.pollFirstEntry().getValue();
            releaseIndex = 0;
        }
    }

    /** Releases the rest of {@link #releasing}; {@code false} if the outbox filled up. */
    private boolean releaseBucket() throws Exception {
        ArrayList<Entry> entries = releasing.entries;
        boolean emitUnmatched = leftOuter && releasing.left;
        while (releaseIndex < entries.size()) {
            Entry e = entries.get(releaseIndex);
            if (emitUnmatched && !e.matched) {
                if (outbox.hasReachedLimit()) {
                    return false;
                }
                emit(e.ts, mapFn.applyEx(e.item, null));
            }
            release(e);
            releaseIndex++;
        }
        releasing = null;
        return true;
    }

    private void release(Entry e) {
        e.dead = true;
        held--;
        KeyState ks = keys.get(e.key);
        if (e.left) {
            ks.deadLefts++;
        } else {
            ks.deadRights++;
        }
        if (ks.deadLefts == ks.lefts.size() && ks.deadRights == ks.rights.size()) {
            keys.remove(e.key);
            return;
        }
        if (ks.deadLefts > 8 && ks.deadLefts * 2 > ks.lefts.size()) {
            ks.lefts.removeIf(x -> x.dead);
            ks.deadLefts = 0;
        }
        if (ks.deadRights > 8 && ks.deadRights * 2 > ks.rights.size()) {
            ks.rights.removeIf(x -> x.dead);
            ks.deadRights = 0;
        }
    }

    @Override
    public void onAllInputsIdle() {
        // a held left item may still produce results below any watermark we would skip ahead to:
        // only declare idle when nothing is held back
        if (leftBuckets.isEmpty() && !idleSent) {
            idleSent = true;
            outbox.addWatermark(Long.MAX_VALUE);
        }
    }

    /**
     * The end of a finite stream: nothing more can match, so every held item is released (left
     * outer: unmatched left items are emitted), resumably.
     */
    @Override
    public boolean complete() throws Exception {
        if (completing == null) {
            ArrayList<Bucket> all = new ArrayList<>(leftBuckets.values());
            all.addAll(rightBuckets.values());
            leftBuckets.clear();
            rightBuckets.clear();
            completing = all.iterator();
        }
        for (;;) {
            if (releasing != null && !releaseBucket()) {
                return false;
            }
            if (!completing.hasNext()) {
                break;
            }
            releasing = completing.next();
            releaseIndex = 0;
        }
        keys.clear();
        held = 0;
        return true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        for (Map.Entry<Object, KeyState> en : keys.entrySet()) {
            KeyState ks = en.getValue();
            snapshot.save(en.getKey(), new JoinKeySnapshot(live(ks.lefts, false), live(ks.lefts, true),
                    live(ks.rights, false), currentWm));
        }
        return true;
    }

    /** The live entries' timestamps, items and matched flags, flattened: {@code [ts, item, matched?]...}. */
    private static Object[] live(ArrayList<Entry> entries, boolean matchedFlags) {
        ArrayList<Object> out = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.dead) {
                out.add(matchedFlags ? (Object) e.matched : (Object) e.ts);
                if (!matchedFlags) {
                    out.add(e.item);
                }
            }
        }
        return out.toArray();
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        JoinKeySnapshot s = (JoinKeySnapshot) value;
        currentWm = restoredAny ? Math.min(currentWm, s.watermark()) : s.watermark();
        restoredAny = true;
        if (keys.containsKey(key)) {
            throw new IllegalStateException("the snapshot holds the join state of key '" + key + "' twice");
        }
        KeyState ks = new KeyState();
        keys.put(key, ks);
        Object[] lefts = s.lefts();
        for (int i = 0; i < lefts.length; i += 2) {
            Entry e = new Entry(key, (Long) lefts[i], lefts[i + 1], true);
            e.matched = (Boolean) s.leftMatched()[i / 2];
            ks.lefts.add(e);
            hold(leftBuckets, condition.leftExpiry(e.ts), e);
        }
        Object[] rights = s.rights();
        for (int i = 0; i < rights.length; i += 2) {
            Entry e = new Entry(key, (Long) rights[i], rights[i + 1], false);
            ks.rights.add(e);
            hold(rightBuckets, condition.rightExpiry(e.ts), e);
        }
    }

    /** One held item. */
    private static final class Entry {
        final Object key;
        final long ts;
        final Object item;
        final boolean left;
        boolean matched;
        boolean dead;

        Entry(Object key, long ts, Object item, boolean left) {
            this.key = key;
            this.ts = ts;
            this.item = item;
            this.left = left;
        }
    }

    /** The held items of one key, in arrival order; released ones are dropped lazily. */
    private static final class KeyState {
        final ArrayList<Entry> lefts = new ArrayList<>(2);
        final ArrayList<Entry> rights = new ArrayList<>(2);
        int deadLefts;
        int deadRights;
    }

    /** The items of one side with the same expiry; {@code minTs} is the lowest of their timestamps. */
    private static final class Bucket {
        final long expiry;
        final boolean left;
        final ArrayList<Entry> entries = new ArrayList<>();
        long minTs = Long.MAX_VALUE;

        Bucket(long expiry, boolean left) {
            this.expiry = expiry;
            this.left = left;
        }
    }
}
