package io.sluice.engine.impl.stream;

import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.pipeline.Traverser;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Keyed (or global) state for {@code mapStateful}, {@code filterStateful} and
 * {@code flatMapStateful}: each item is handed with its key's state object to a flat-map style
 * function {@code (state, key, item) -> Traverser<R>}; the planner adapts the map and filter forms.
 *
 * <p><i>Emits when:</i> for every item, what the function returns (a {@code null} traverser counts
 * as empty), keeping the item's timestamp: {@code TimestampedItem(ts, r)} when the input was a
 * {@code TimestampedItem}, plain {@code r} otherwise. With a TTL, when the watermark {@code wm}
 * passes {@code lastTs + ttl} of a key (that is {@code lastTs + ttl < wm}), the key's state is
 * evicted and {@code onEvictFn(state, key, wm)} may emit items, stamped {@code wm} (the watermark
 * is forwarded after them, so they are not late downstream). <i>Watermarks:</i> forwarded
 * unchanged. <i>Late items:</i> with a TTL, items below the watermark are dropped and counted (their
 * key's state may already be gone); without a TTL nothing depends on event time and no item is
 * dropped. <i>Snapshot state:</i> per key, {@link KeyStateSnapshot} under the grouping key.
 *
 * <p>Design note. {@code lastTs} is the highest timestamp of the key's items. To evict without
 * scanning millions of keys per watermark, keys with a TTL sit in intrusive doubly-linked lists,
 * one per distinct {@code lastTs}, in a sorted map: an item that raises {@code lastTs} moves its key
 * in O(1) plus one map lookup (the last bucket is cached, as events mostly share the newest
 * timestamps), and a watermark pops keys from the oldest buckets until one is not expired.
 * Eviction output is resumable, paced by {@code hasReachedLimit()}. Compare Jet's
 * {@code TransformStatefulP}, which evicts in access order and may therefore evict late.
 * At most {@code maxProcessorAccumulatedRecords} keys have state at a time.
 *
 * <p>State deletion. With a {@code deleteStateFn}, after each item has been processed (and its
 * output emitted) the key's state is tested; {@code true} removes it, so the key's next item
 * starts again from {@code createFn}. A key removed this way is not passed to {@code onEvictFn}:
 * the function decided that nothing more is owed for it.
 */
public final class StatefulMapP implements Processor, StateReporting {
    private final FunctionEx<Object, Object> keyFn;
    private final long ttl;
    private final SupplierEx<Object> createFn;
    private final TriFunction<Object, Object, Object, Traverser<?>> flatMapFn;
    private final TriFunction<Object, Object, Long, Traverser<?>> onEvictFn;
    private final PredicateEx<Object> deleteStateFn;

    private final HashMap<Object, KeyState> states = new HashMap<>();
    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private Bucket cachedBucket;
    private long currentWm = Long.MIN_VALUE;
    private boolean restoredAny;
    private long lateCount;
    private Outbox outbox;
    private ProcessorContext context;
    private long maxKeys;

    private Traverser<?> evictTraverser;
    private long evictTimestamp;
    /** The keys still to evict at the end of a finite stream (complete() is resumable). */
    private java.util.Iterator<KeyState> completing;

    /**
     * @param keyFn     the grouping key (applied to the inner item); {@code null} for one global state,
     *                  in which case the functions get {@code null} as the key
     * @param ttl       event-time to live of a key's state after its last item; 0 or negative: forever
     * @param createFn  creates a key's state on its first item
     * @param flatMapFn {@code (state, key, item) -> items to emit}; may return {@code null} for none
     * @param onEvictFn {@code (state, key, watermark) -> items to emit} on eviction; may be {@code null},
     *                  and may return {@code null}
     */
    public StatefulMapP(FunctionEx<?, ?> keyFn, long ttl, SupplierEx<?> createFn,
                        TriFunction<?, ?, ?, ? extends Traverser<?>> flatMapFn,
                        TriFunction<?, ?, Long, ? extends Traverser<?>> onEvictFn) {
        this(keyFn, ttl, createFn, flatMapFn, onEvictFn, null);
    }

    /**
     * Like {@link #StatefulMapP(FunctionEx, long, SupplierEx, TriFunction, TriFunction)}, with
     * {@code deleteStateFn}: tested with the key's state after each of its items; {@code true}
     * removes the state. May be {@code null} (state is kept until evicted or the input ends).
     */
    @SuppressWarnings("unchecked")
    public StatefulMapP(FunctionEx<?, ?> keyFn, long ttl, SupplierEx<?> createFn,
                        TriFunction<?, ?, ?, ? extends Traverser<?>> flatMapFn,
                        TriFunction<?, ?, Long, ? extends Traverser<?>> onEvictFn,
                        PredicateEx<?> deleteStateFn) {
        this.keyFn = (FunctionEx<Object, Object>) keyFn;
        this.ttl = Math.max(0, ttl);
        this.createFn = (SupplierEx<Object>) Objects.requireNonNull(createFn, "createFn must not be null");
        this.flatMapFn = (TriFunction<Object, Object, Object, Traverser<?>>)
                Objects.requireNonNull(flatMapFn, "flatMapFn must not be null");
        this.onEvictFn = (TriFunction<Object, Object, Long, Traverser<?>>) onEvictFn;
        this.deleteStateFn = (PredicateEx<Object>) deleteStateFn;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        this.context = context;
        this.maxKeys = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public long accumulatedRecords() {
        return states.size();
    }

    private void checkLimit() {
        if (states.size() > maxKeys) {
            throw new AccumulationLimitExceededException(context, "keys with state", states.size());
        }
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            processItem(items[i]);
        }
    }

    /** The per-item body. */
    public void processItem(Object item) throws Exception {
        boolean timestamped = item instanceof TimestampedItem<?>;
        long ts = Long.MIN_VALUE;
        Object inner = item;
        if (timestamped) {
            TimestampedItem<?> ti = (TimestampedItem<?>) item;
            ts = ti.timestamp();
            inner = ti.item();
        } else if (ttl > 0) {
            throw new IllegalArgumentException("stateful mapping with a TTL needs timestamped items, but got "
                    + item.getClass().getName() + ": add withTimestamps(..) before it");
        }
        if (ttl > 0 && ts < currentWm) {
            lateCount++;
            return;
        }
        Object key = keyFn == null ? GlobalKey.INSTANCE : keyFn.applyEx(inner);
        KeyState ks = states.get(key);
        if (ks == null) {
            ks = new KeyState(key, createFn.getEx());
            states.put(key, ks);
            checkLimit();
        }
        if (ts > ks.lastTs) {
            ks.lastTs = ts;
            if (ttl > 0) {
                moveTo(ks, ts);
            }
        }
        Traverser<?> t = flatMapFn.applyEx(ks.state, keyFn == null ? null : key, inner);
        if (t != null) {
            for (Object r; (r = t.next()) != null; ) {
                outbox.add(timestamped ? new TimestampedItem<>(ts, r) : r);
            }
        }
        if (deleteStateFn != null && deleteStateFn.testEx(ks.state)) {
            if (ks.bucket != null) {
                unlink(ks);
            }
            states.remove(key);
        }
    }

    private void moveTo(KeyState ks, long ts) {
        if (ks.bucket != null) {
            unlink(ks);
        }
        Bucket b = cachedBucket != null && cachedBucket.ts == ts ? cachedBucket : null;
        if (b == null) {
            b = buckets.get(ts);
            if (b == null) {
                b = new Bucket(ts);
                buckets.put(ts, b);
            }
            cachedBucket = b;
        }
        ks.bucket = b;
        ks.prev = null;
        ks.next = b.head;
        if (b.head != null) {
            b.head.prev = ks;
        }
        b.head = ks;
    }

    private void unlink(KeyState ks) {
        Bucket b = ks.bucket;
        if (ks.prev != null) {
            ks.prev.next = ks.next;
        } else {
            b.head = ks.next;
        }
        if (ks.next != null) {
            ks.next.prev = ks.prev;
        }
        ks.prev = null;
        ks.next = null;
        ks.bucket = null;
        if (b.head == null) {
            buckets.remove(b.ts);
            if (cachedBucket == b) {
                cachedBucket = null;
            }
        }
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        if (timestamp > currentWm) {
            currentWm = timestamp;
        }
        if (ttl == 0) {
            return true;
        }
        long expiredBelow = EventTimeMapper.subtractClamped(timestamp, ttl);
        for (;;) {
            if (evictTraverser != null && !drainEvicted()) {
                return false;
            }
            Map.Entry<Long, Bucket> first = buckets.firstEntry();
            if (first == null || first.getKey() >= expiredBelow) {
                return true;
            }
            KeyState ks = first.getValue().head;
            unlink(ks);
            states.remove(ks.key);
            if (onEvictFn != null) {
                evictTraverser = onEvictFn.applyEx(ks.state, keyFn == null ? null : ks.key, timestamp);
                evictTimestamp = timestamp;
            }
        }
    }

    private boolean drainEvicted() {
        for (;;) {
            if (outbox.hasReachedLimit()) {
                return false;
            }
            Object r = evictTraverser.next();
            if (r == null) {
                evictTraverser = null;
                return true;
            }
            outbox.add(new TimestampedItem<>(evictTimestamp, r));
        }
    }

    /**
     * The input ended (a finite stream): no item will need the state again. With an
     * {@code onEvictFn}, every key still held is evicted first with watermark {@code Long.MAX_VALUE}
     * and its output emitted, stamped {@code Long.MAX_VALUE} (as in Jet), resumably.
     */
    @Override
    public boolean complete() throws Exception {
        if (onEvictFn != null) {
            if (completing == null) {
                completing = states.values().iterator();
            }
            for (;;) {
                if (evictTraverser != null && !drainEvicted()) {
                    return false;
                }
                if (!completing.hasNext()) {
                    break;
                }
                KeyState ks = completing.next();
                evictTraverser = onEvictFn.applyEx(ks.state, keyFn == null ? null : ks.key, Long.MAX_VALUE);
                evictTimestamp = Long.MAX_VALUE;
            }
        }
        states.clear();
        buckets.clear();
        cachedBucket = null;
        return true;
    }

    /** How many late items were dropped (only with a TTL). */
    public long lateCount() {
        return lateCount;
    }

    /** The number of keys with state, for tests and metrics. */
    int stateCount() {
        return states.size();
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        for (KeyState ks : states.values()) {
            snapshot.save(ks.key, new KeyStateSnapshot(ks.state, ks.lastTs, currentWm));
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        KeyStateSnapshot v = (KeyStateSnapshot) value;
        currentWm = restoredAny ? Math.min(currentWm, v.watermark()) : v.watermark();
        restoredAny = true;
        KeyState ks = new KeyState(key, v.state());
        if (states.put(key, ks) != null) {
            throw new IllegalStateException("the snapshot holds the state of key '" + key + "' twice");
        }
        checkLimit();
        ks.lastTs = v.lastTimestamp();
        if (ttl > 0 && ks.lastTs != Long.MIN_VALUE) {
            moveTo(ks, ks.lastTs);
        }
    }

    /** A key's state, linked into the bucket of its {@code lastTs} when there is a TTL. */
    private static final class KeyState {
        final Object key;
        final Object state;
        long lastTs = Long.MIN_VALUE;
        Bucket bucket;
        KeyState prev;
        KeyState next;

        KeyState(Object key, Object state) {
            this.key = key;
            this.state = state;
        }
    }

    /** The keys whose {@code lastTs} is {@code ts}. */
    private static final class Bucket {
        final long ts;
        KeyState head;

        Bucket(long ts) {
            this.ts = ts;
        }
    }
}
