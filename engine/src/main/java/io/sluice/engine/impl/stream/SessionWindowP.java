package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Session windows, one stage, after a partitioned edge: per key, events less than
 * {@code sessionTimeout} apart form a session {@code [firstTs, lastTs + sessionTimeout)}.
 *
 * <p><i>Emits when:</i> a watermark reaches a session's end: {@code TimestampedItem(end - 1,
 * KeyedWindowResult(start, end, key, result))} ({@code WindowResult} when not keyed); on
 * {@link #complete()}, all open sessions; every early-results period of wall-clock time, the
 * current result of every open session with {@code isEarly()}. <i>Watermarks:</i> forwarded
 * unchanged after the sessions they close. <i>Late items</i> are counted and dropped, or emitted on
 * ordinal 1. <i>Snapshot state:</i> per key, its open sessions ({@link SessionSnapshot}) under the
 * grouping key.
 *
 * <p>Design note. Per key a short list of disjoint sessions sorted by start (hence also by end).
 * An event covers {@code [ts, ts + timeout)}; it joins every session it overlaps, so an
 * out-of-order event can bridge two sessions, whose accumulators are then combined. To find the
 * sessions a watermark closes without scanning all keys, each key is registered once in
 * {@code deadlines: time -> keys} at a time no later than its earliest session end. Extending or
 * merging sessions only moves that end later, so the registration stays valid and is not touched
 * on the per-event path; when the watermark passes it, the key's closed sessions are emitted and
 * the key is registered again at its new earliest end. A registration is current only if it equals
 * the key's {@code registeredAt}; stale ones are skipped.
 *
 * <p>{@code sessionCount} counts the open sessions of all keys (created, merged away, closed); it
 * may not exceed {@code maxProcessorAccumulatedRecords}.
 *
 * <p>An operation without {@code combineFn} cannot merge two sessions' accumulators, and an
 * out-of-order event can bridge two sessions at any time. Such an operation runs {@code buffering}:
 * a session holds its items ({@link ItemBuffer}, concatenated on a merge) instead of an
 * accumulator, and they are accumulated into a fresh accumulator when the session's result (or an
 * early result) is due. The buffered items count against {@code maxProcessorAccumulatedRecords}
 * too, and snapshots carry the buffers in place of accumulators.
 */
public final class SessionWindowP extends WindowInputP implements StateReporting {
    private static final long UNREGISTERED = Long.MAX_VALUE;

    private final boolean keyed;
    private final long timeout;
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private final FunctionEx<Object, Object> exportFn;
    private final FunctionEx<Object, Object> finishFn;
    /** No combineFn: sessions hold an {@link ItemBuffer} instead of an accumulator. */
    private final boolean buffering;
    private long bufferedItems;

    private final HashMap<Object, KeySessions> sessions = new HashMap<>();
    private final TreeMap<Long, ArrayList<Object>> deadlines = new TreeMap<>();
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private final ArrayDeque<Object> earlyPending = new ArrayDeque<>();
    private boolean restoredAny;
    /** Open sessions of all keys. */
    private long sessionCount;

    /**
     * A single-input session window without early results.
     *
     * @param keyFn               the grouping key (applied to the inner item); {@code null} for a non-keyed window
     * @param sessionTimeout      a session closes after this much event time without an event; positive
     * @param op                  the aggregate operation
     * @param inputOrdinal        which input of {@code op} the items are; 0 for one input
     * @param routeLateToOrdinal1 send late items to output ordinal 1 instead of dropping them
     */
    public SessionWindowP(FunctionEx<?, ?> keyFn, long sessionTimeout, AggregateOperation<?, ?> op, int inputOrdinal,
                          boolean routeLateToOrdinal1) {
        this(keyFn, WindowDefinition.session(sessionTimeout), op, inputOrdinal, routeLateToOrdinal1);
    }

    /** A single-input session window; {@code def} gives the timeout and the early results period. */
    public SessionWindowP(FunctionEx<?, ?> keyFn, WindowDefinition.Session def, AggregateOperation<?, ?> op,
                          int inputOrdinal, boolean routeLateToOrdinal1) {
        this(new FunctionEx<?, ?>[]{keyFn}, keyFn != null, def, op, new int[]{inputOrdinal}, false, routeLateToOrdinal1);
    }

    /**
     * A co-aggregating session window: items of input ordinal {@code i} are input {@code i} of {@code op}.
     *
     * @param keyFns one key function per input of {@code op}; {@code null} for a non-keyed window
     */
    public SessionWindowP(List<? extends FunctionEx<?, ?>> keyFns, WindowDefinition.Session def,
                          AggregateOperation<?, ?> op, boolean routeLateToOrdinal1) {
        this(WindowInputs.keyFnArray(keyFns, op), keyFns != null, def, op, WindowInputs.ordinals(op.arity()), true,
                routeLateToOrdinal1);
    }

    @SuppressWarnings("unchecked")
    private SessionWindowP(FunctionEx<?, ?>[] keyFns, boolean keyed, WindowDefinition.Session def,
                           AggregateOperation<?, ?> op, int[] inputs, boolean perOrdinal, boolean routeLateToOrdinal1) {
        super(keyFns, keyed, Objects.requireNonNull(op, "op must not be null"), inputs, perOrdinal, routeLateToOrdinal1,
                Objects.requireNonNull(def, "def must not be null").earlyResultsPeriod());
        AggregateOperation<Object, Object> o = (AggregateOperation<Object, Object>) op;
        this.keyed = keyed;
        this.timeout = def.sessionTimeout();
        this.createFn = o.createFn();
        this.combineFn = (BiConsumerEx<Object, Object>) o.combineFn();
        this.exportFn = (FunctionEx<Object, Object>) o.exportFn();
        this.finishFn = (FunctionEx<Object, Object>) o.finishFn();
        this.buffering = combineFn == null;
    }

    @Override
    void accumulate(int ordinal, long ts, Object key, Object inner) throws Exception {
        KeySessions ks = sessions.get(key);
        if (ks == null) {
            ks = new KeySessions();
            sessions.put(key, ks);
        }
        Session s = sessionFor(key, ks, ts, ts + timeout);
        if (buffering) {
            ((ItemBuffer) s.acc).add(ordinal, inner);
            if (++bufferedItems > maxRecords) {
                throw new AccumulationLimitExceededException(context, "items buffered in sessions (the aggregate"
                        + " operation has no combineFn)", bufferedItems);
            }
        } else {
            accumulateFns[ordinal].acceptEx(s.acc, inner);
        }
    }

    /** A new session's state: an accumulator, or an empty item buffer when {@code buffering}. */
    private Object newAccumulator() throws Exception {
        return buffering ? new ItemBuffer() : createFn.getEx();
    }

    /** Merges {@code other}'s state into {@code target}'s. */
    private void merge(Object target, Object other) throws Exception {
        if (buffering) {
            ((ItemBuffer) target).addAll((ItemBuffer) other);
        } else {
            combineFn.acceptEx(target, other);
        }
    }

    /** The accumulator of a session's state: itself, or when {@code buffering} its items accumulated afresh. */
    private Object accumulatorOf(Object state) throws Exception {
        if (!buffering) {
            return state;
        }
        ItemBuffer buffer = (ItemBuffer) state;
        Object acc = createFn.getEx();
        for (int i = 0, n = buffer.items.size(); i < n; i++) {
            accumulateFns[buffer.ordinals.get(i)].acceptEx(acc, buffer.items.get(i));
        }
        return acc;
    }

    /** The session that {@code [start, end)} joins, merging the sessions it bridges, or a new one. */
    private Session sessionFor(Object key, KeySessions ks, long start, long end) throws Exception {
        List<Session> list = ks.list;
        int first = -1;
        int last = -1;
        int insertAt = list.size();
        for (int i = 0; i < list.size(); i++) {
            Session s = list.get(i);
            if (s.start >= end) {
                insertAt = i;
                break;
            }
            if (start < s.end) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            Session s = new Session(start, end, newAccumulator());
            list.add(insertAt, s);
            if (++sessionCount > maxRecords) {
                throw new AccumulationLimitExceededException(context, "sessions", sessionCount);
            }
            if (end < ks.registeredAt) {
                register(key, ks, end);
            }
            return s;
        }
        Session target = list.get(first);
        for (int i = last; i > first; i--) {
            Session merged = list.remove(i);
            sessionCount--;
            merge(target.acc, merged.acc);
            target.end = Math.max(target.end, merged.end);
        }
        target.start = Math.min(target.start, start);
        target.end = Math.max(target.end, end);
        return target;
    }

    private void register(Object key, KeySessions ks, long time) {
        ks.registeredAt = time;
        ArrayList<Object> keys = deadlines.get(time);
        if (keys == null) {
            keys = new ArrayList<>(4);
            deadlines.put(time, keys);
        }
        keys.add(key);
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        if (timestamp > currentWm) {
            currentWm = timestamp;
        }
        // early results not yet emitted may describe sessions this watermark closes
        earlyPending.clear();
        return emitUpTo(timestamp);
    }

    @Override
    public boolean complete() throws Exception {
        return emitUpTo(Long.MAX_VALUE);
    }

    private boolean emitUpTo(long wm) throws Exception {
        for (;;) {
            if (!drain(pending)) {
                return false;
            }
            Map.Entry<Long, ArrayList<Object>> due = deadlines.firstEntry();
            if (due == null || due.getKey() > wm) {
                return true;
            }
            deadlines.pollFirstEntry();
            for (Object key : due.getValue()) {
                KeySessions ks = sessions.get(key);
                if (ks == null || ks.registeredAt != due.getKey()) {
                    continue; // stale registration
                }
                List<Session> list = ks.list;
                int closed = 0;
                while (closed < list.size() && list.get(closed).end <= wm) {
                    Session s = list.get(closed++);
                    pending.add(result(s, key, finishFn.applyEx(accumulatorOf(s.acc)), false));
                    if (buffering) {
                        bufferedItems -= ((ItemBuffer) s.acc).items.size();
                    }
                }
                list.subList(0, closed).clear();
                sessionCount -= closed;
                if (list.isEmpty()) {
                    sessions.remove(key);
                } else {
                    register(key, ks, list.get(0).end);
                }
            }
        }
    }

    private boolean drain(ArrayDeque<Object> queue) {
        while (!queue.isEmpty()) {
            if (outbox.hasReachedLimit()) {
                return false;
            }
            outbox.add(queue.poll());
        }
        return true;
    }

    private Object result(Session s, Object key, Object value, boolean early) {
        Object r = keyed
                ? new KeyedWindowResult<>(s.start, s.end, key, value, early)
                : new WindowResult<>(s.start, s.end, value, early);
        return new TimestampedItem<>(s.end - 1, r);
    }

    @Override
    public long accumulatedRecords() {
        return sessionCount + bufferedItems;
    }

    @Override
    public boolean tryProcess() throws Exception {
        if (earlyTimer.isOff() || !pending.isEmpty()) {
            return true;
        }
        if (earlyPending.isEmpty()) {
            if (!earlyTimer.isDue()) {
                return true;
            }
            for (Map.Entry<Object, KeySessions> e : sessions.entrySet()) {
                for (Session s : e.getValue().list) {
                    earlyPending.add(result(s, e.getKey(), exportFn.applyEx(accumulatorOf(s.acc)), true));
                }
            }
        }
        return drain(earlyPending);
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        for (Map.Entry<Object, KeySessions> e : sessions.entrySet()) {
            List<Session> list = e.getValue().list;
            int n = list.size();
            long[] starts = new long[n];
            long[] ends = new long[n];
            Object[] accs = new Object[n];
            for (int i = 0; i < n; i++) {
                starts[i] = list.get(i).start;
                ends[i] = list.get(i).end;
                accs[i] = list.get(i).acc;
            }
            snapshot.save(e.getKey(), new SessionSnapshot(starts, ends, accs, currentWm));
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        SessionSnapshot v = (SessionSnapshot) value;
        currentWm = restoredAny ? Math.min(currentWm, v.watermark()) : v.watermark();
        restoredAny = true;
        KeySessions ks = sessions.get(key);
        if (ks == null) {
            ks = new KeySessions();
            sessions.put(key, ks);
        }
        for (int i = 0; i < v.starts().length; i++) {
            // merging keeps the list disjoint even if two instances' states meet here
            Session s = sessionFor(key, ks, v.starts()[i], v.ends()[i]);
            merge(s.acc, v.accumulators()[i]);
            if (buffering) {
                bufferedItems += ((ItemBuffer) v.accumulators()[i]).items.size();
            }
        }
    }

    @Override
    public void finishSnapshotRestore() {
        deadlines.clear();
        for (Map.Entry<Object, KeySessions> e : sessions.entrySet()) {
            register(e.getKey(), e.getValue(), e.getValue().list.get(0).end);
        }
    }

    /** A key's open sessions, disjoint and sorted by start, and where the key is registered in {@code deadlines}. */
    private static final class KeySessions {
        final ArrayList<Session> list = new ArrayList<>(2);
        long registeredAt = UNREGISTERED;
    }

    /**
     * A session's items, when the operation cannot combine: each with the index of the accumulate
     * function of its input. Serializable, as snapshots carry it in place of an accumulator.
     */
    static final class ItemBuffer implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        final ArrayList<Object> items = new ArrayList<>();
        final ArrayList<Integer> ordinals = new ArrayList<>();

        void add(int ordinal, Object item) {
            items.add(item);
            ordinals.add(ordinal);
        }

        void addAll(ItemBuffer other) {
            items.addAll(other.items);
            ordinals.addAll(other.ordinals);
        }
    }

    private static final class Session {
        long start;
        long end;
        final Object acc;

        Session(long start, long end, Object acc) {
            this.start = start;
            this.end = end;
            this.acc = acc;
        }
    }
}
