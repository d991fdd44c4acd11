package io.sluice.engine.impl.stream;

import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StreamJoinP} driven directly: against a nested-loop join on shuffled input, the output
 * watermark (never ahead of a result still to come), late items, release of state by the
 * watermark (also over millions of events), the accumulation limit and snapshot round trips.
 */
@Timeout(120)
class StreamJoinPTest {

    /** A test event: {@code left} tells the side. */
    record Ev(boolean left, int key, long ts, int id) implements Serializable {
    }

    private static final BiFunctionEx<Ev, Ev, String> PAIR = (l, r) -> l.id() + "+" + (r == null ? "null" : r.id());

    private static StreamJoinP join(JoinCondition cond, boolean outer) {
        return new StreamJoinP((Ev e) -> e.key(), (Ev e) -> e.key(), null, PAIR, cond, outer);
    }

    // ------------------------------------------------------------------------------------- driver

    /**
     * Stands in for the runtime: delivers items in batches, coalesced watermarks until accepted,
     * and records the output (items and the processor's own watermarks) with a small outbox limit.
     */
    static final class Driver implements Outbox {
        final StreamJoinP p;
        final List<Object> out = new ArrayList<>();
        private final int limit;
        private int sinceCall;
        long maxHeld;
        boolean keepItems = true;

        Driver(StreamJoinP p, int limit, ProcessorContext ctx) throws Exception {
            this.p = p;
            this.limit = limit;
            p.init(this, ctx);
        }

        Driver(StreamJoinP p, int limit) throws Exception {
            this(p, limit, ProcessorContext.single("join"));
        }

        void items(List<Ev> evs) throws Exception {
            // consecutive items of one side form a batch on its ordinal
            int i = 0;
            while (i < evs.size()) {
                int j = i;
                while (j < evs.size() && evs.get(j).left() == evs.get(i).left()) {
                    j++;
                }
                List<Object> batch = new ArrayList<>();
                for (Ev e : evs.subList(i, j)) {
                    batch.add(new TimestampedItem<>(e.ts(), e));
                }
                sinceCall = 0;
                p.process(evs.get(i).left() ? 0 : 1, Batch.ofList(batch));
                maxHeld = Math.max(maxHeld, p.accumulatedRecords());
                i = j;
            }
        }

        void watermark(long wm) throws Exception {
            for (int calls = 0; ; calls++) {
                sinceCall = 0;
                if (p.tryProcessWatermark(wm)) {
                    return;
                }
                assertTrue(calls < 1_000_000, "tryProcessWatermark never finishes");
            }
        }

        void complete() throws Exception {
            for (int calls = 0; ; calls++) {
                sinceCall = 0;
                if (p.complete()) {
                    return;
                }
                assertTrue(calls < 1_000_000, "complete never finishes");
            }
        }

        @Override
        public void add(Object item) {
            if (keepItems) {
                out.add(item);
            }
            sinceCall++;
        }

        @Override
        public void add(int ordinal, Object item) {
            assertEquals(0, ordinal);
            add(item);
        }

        @Override
        public void addWatermark(long timestamp) {
            out.add(new Watermark(timestamp));
        }

        @Override
        public boolean hasReachedLimit() {
            return sinceCall >= limit;
        }

        @Override
        public int outputCount() {
            return 0;
        }

        List<String> results() {
            List<String> r = new ArrayList<>();
            for (Object o : out) {
                if (o instanceof TimestampedItem<?> ti) {
                    r.add((String) ti.item());
                }
            }
            r.sort(null);
            return r;
        }
    }

    // ------------------------------------------------------------------------------------- input and reference

    /** Events of both sides with ascending base timestamps plus jitter in {@code [0, disorder]}, in generation order. */
    static List<Ev> events(long seed, int n, int keys, long disorder) {
        Random rnd = new Random(seed);
        List<Ev> evs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            evs.add(new Ev(rnd.nextBoolean(), rnd.nextInt(keys), i * 3L + (disorder == 0 ? 0 : rnd.nextLong(disorder + 1)), i));
        }
        return evs;
    }

    /** The nested-loop join of {@code evs}. */
    static List<String> reference(List<Ev> evs, JoinCondition cond, boolean outer) {
        List<String> r = new ArrayList<>();
        for (Ev l : evs) {
            if (!l.left()) {
                continue;
            }
            boolean matched = false;
            for (Ev x : evs) {
                if (!x.left() && x.key() == l.key() && cond.matches(l.ts(), x.ts())) {
                    r.add(PAIR.apply(l, x));
                    matched = true;
                }
            }
            if (outer && !matched) {
                r.add(PAIR.apply(l, null));
            }
        }
        r.sort(null);
        return r;
    }

    /** Feeds {@code evs[from, to)} in random batches, each followed by the watermark {@code max seen - lag}. */
    static long feed(Driver d, List<Ev> evs, int from, int to, long lag, Random rnd, long maxSeen) throws Exception {
        int i = from;
        long max = maxSeen;
        while (i < to) {
            int n = Math.min(to - i, 1 + rnd.nextInt(20));
            List<Ev> chunk = evs.subList(i, i + n);
            d.items(chunk);
            for (Ev e : chunk) {
                max = Math.max(max, e.ts());
            }
            d.watermark(max - lag);
            i += n;
        }
        return max;
    }

    /** Every result is at or after the watermark emitted before it; watermarks only grow and never pass the input. */
    static void assertNoResultBehindWatermark(List<Object> out) {
        long wm = Long.MIN_VALUE;
        for (Object o : out) {
            if (o instanceof Watermark w) {
                assertTrue(w.timestamp() > wm, "watermarks must grow: " + w.timestamp() + " after " + wm);
                wm = w.timestamp();
            } else {
                long ts = ((TimestampedItem<?>) o).timestamp();
                assertTrue(ts >= wm, "result " + o + " is behind the watermark " + wm + " emitted before it");
            }
        }
    }

    static JoinCondition condition(String kind) {
        return switch (kind) {
            case "interval" -> JoinCondition.interval(0, 40);
            case "intervalNeg" -> JoinCondition.interval(-25, 10);
            case "tumbling" -> JoinCondition.tumbling(50);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    // ------------------------------------------------------------------------------------- tests

    @ParameterizedTest(name = "{0} outer={1} seed={2}")
    @CsvSource({"interval,false,1", "interval,true,2", "intervalNeg,false,3", "intervalNeg,true,4",
            "tumbling,false,5", "tumbling,true,6"})
    void when_shuffledInput_then_sameAsNestedLoopJoin_andNoResultBehindWatermark(String kind, boolean outer, long seed)
            throws Exception {
        JoinCondition cond = condition(kind);
        List<Ev> evs = events(seed, 3000, 13, 30);
        Driver d = new Driver(join(cond, outer), 3);

        feed(d, evs, 0, evs.size(), 30, new Random(seed), Long.MIN_VALUE);
        d.complete();

        assertEquals(reference(evs, cond, outer), d.results());
        assertNoResultBehindWatermark(d.out);
        assertEquals(0, d.p.lateCount());
        assertEquals(0, d.p.accumulatedRecords());
    }

    @Test
    void when_leftOuter_then_unmatchedLeftEmittedWhenWatermarkPassesItsExpiry() throws Exception {
        Driver d = new Driver(join(JoinCondition.interval(0, 10), true), 100);
        d.items(List.of(new Ev(true, 1, 100, 1), new Ev(true, 2, 100, 2)));
        d.items(List.of(new Ev(false, 1, 105, 3)));
        d.watermark(110);   // expiry of the left items is 110: not passed yet
        assertEquals(List.of(new TimestampedItem<>(100, "1+3"), new Watermark(100)), d.out);

        d.watermark(111);

        assertEquals(List.of(new TimestampedItem<>(100, "1+3"), new Watermark(100), new TimestampedItem<>(100, "2+null"),
                new Watermark(111)), d.out);
        assertEquals(0, d.p.accumulatedRecords());
    }

    @Test
    void when_itemBehindWatermark_then_droppedAndCounted() throws Exception {
        Driver d = new Driver(join(JoinCondition.interval(0, 10), false), 100);
        d.items(List.of(new Ev(true, 1, 100, 1)));
        d.watermark(105);
        d.items(List.of(new Ev(false, 1, 104, 2), new Ev(false, 1, 106, 3)));

        assertEquals(1, d.p.lateCount());
        assertEquals(List.of("1+3"), d.results());
    }

    @Test
    void when_rightArrivesFirst_then_joinedWhenLeftArrives() throws Exception {
        Driver d = new Driver(join(JoinCondition.tumbling(10), false), 100);
        d.items(List.of(new Ev(false, 7, 13, 1), new Ev(false, 7, 21, 2)));
        d.items(List.of(new Ev(true, 7, 19, 3)));
        d.watermark(20);    // closes window [10, 20): both items of it are released
        assertEquals(1, d.p.accumulatedRecords());
        d.items(List.of(new Ev(true, 7, 25, 4)));

        assertEquals(List.of("3+1", "4+2"), d.results());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"interval", "tumbling"})
    void when_millionsOfEvents_then_heldItemsBoundedByWindowTimesRate(String kind) throws Exception {
        // 3M events, one per ms of event time (left and right at random), 1000 keys, disorder up to 50 ms.
        // interval [-200, 1000]: a left item is held until the watermark passes ts + 1000, a right one ts + 200;
        // tumbling(1000): both until the watermark passes their window's end
        int n = 3_000_000;
        long disorder = 50;
        long span = 1200;   // how much event time an item may wait for a partner
        JoinCondition cond = kind.equals("interval") ? JoinCondition.interval(-200, 1000) : JoinCondition.tumbling(span);
        StreamJoinP p = new StreamJoinP((Ev e) -> e.key(), (Ev e) -> e.key(), null,
                (BiFunctionEx<Ev, Ev, Long>) (l, r) -> null, cond, true);
        Driver d = new Driver(p, 1 << 20);
        d.keepItems = false;   // only the state matters here
        Random rnd = new Random(42);
        List<Ev> chunk = new ArrayList<>();
        long max = Long.MIN_VALUE;
        int watermarkEvery = 100;
        for (int i = 0; i < n; i++) {
            long ts = i + rnd.nextLong(disorder + 1);
            chunk.add(new Ev(rnd.nextBoolean(), rnd.nextInt(1000), ts, i));
            max = Math.max(max, ts);
            if (chunk.size() == watermarkEvery) {
                d.items(chunk);
                chunk.clear();
                d.watermark(max - disorder);
            }
        }
        d.items(chunk);
        // held: items newer than (watermark - span); the watermark trails the newest item by at most
        // 2 * disorder plus the events between two watermarks
        long rate = 1; // events per ms
        long bound = rate * (span + 2 * disorder + watermarkEvery) + watermarkEvery;
        assertTrue(d.maxHeld <= bound, "held " + d.maxHeld + " items, more than the bound " + bound);
        assertTrue(d.maxHeld >= span / 2, "the test should hold about a window's worth, held " + d.maxHeld);
        assertEquals(0, p.lateCount());
        d.complete();
        assertEquals(0, p.accumulatedRecords());
    }

    @Test
    void when_allInputsIdle_then_idleMarkerOnlyWhenNoLeftItemIsHeld_andWatermarkAgainAfter() throws Exception {
        Driver d = new Driver(join(JoinCondition.interval(0, 10), false), 100);
        d.items(List.of(new Ev(true, 1, 100, 1)));
        d.watermark(105);
        d.p.onAllInputsIdle();
        assertEquals(List.of(new Watermark(100)), d.out, "a held left item may still join: no idle marker");

        d.watermark(111);   // releases it
        d.p.onAllInputsIdle();
        d.watermark(111);   // an input is back: the current watermark again

        assertEquals(List.of(new Watermark(100), new Watermark(111), new Watermark(Long.MAX_VALUE), new Watermark(111)),
                d.out);
    }

    @Test
    void when_moreItemsThanLimit_then_accumulationLimitExceeded() throws Exception {
        Driver d = new Driver(join(JoinCondition.tumbling(100), false), 100,
                ProcessorContext.single("join").withMaxProcessorAccumulatedRecords(3));
        d.items(List.of(new Ev(true, 1, 1, 1), new Ev(true, 2, 2, 2), new Ev(true, 3, 3, 3)));
        d.watermark(100);   // releases all three
        d.items(List.of(new Ev(true, 1, 101, 4), new Ev(true, 2, 102, 5), new Ev(true, 3, 103, 6)));

        AccumulationLimitExceededException e = assertThrows(AccumulationLimitExceededException.class,
                () -> d.items(List.of(new Ev(false, 4, 104, 7))));

        assertEquals(4, e.count());
    }

    @ParameterizedTest(name = "{0} outer={1}")
    @CsvSource({"interval,false", "interval,true", "intervalNeg,true", "tumbling,false", "tumbling,true"})
    void when_snapshotRestoredMidStream_then_sameResultAsUninterrupted(String kind, boolean outer) throws Exception {
        JoinCondition cond = condition(kind);
        List<Ev> evs = events(11, 2000, 7, 30);
        Driver whole = new Driver(join(cond, outer), 3);
        feed(whole, evs, 0, evs.size(), 30, new Random(1), Long.MIN_VALUE);
        whole.complete();
        List<String> expected = whole.results();
        assertEquals(reference(evs, cond, outer), expected);

        for (int cut : new int[]{1, 333, 1000, 1777}) {
            for (int instances : new int[]{1, 2}) {
                // Given: the first part, then a snapshot (through Java serialization)
                Driver first = new Driver(join(cond, outer), 3);
                Random rnd = new Random(1);
                long max = feed(first, evs, 0, cut, 30, rnd, Long.MIN_VALUE);
                Map<Object, Object> saved = new LinkedHashMap<>();
                assertTrue(first.p.saveToSnapshot((k, v) -> assertEquals(null, saved.put(k, v))));
                @SuppressWarnings("unchecked")
                Map<Object, Object> copy = Util.roundTrip(new HashMap<>(saved));

                // When: restored into fresh instances (keys split by hash when 2) that go on with the rest
                List<Driver> next = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    next.add(new Driver(join(cond, outer), 3));
                }
                for (Map.Entry<Object, Object> e : copy.entrySet()) {
                    next.get(Math.floorMod(e.getKey().hashCode(), instances)).p.restoreFromSnapshot(e.getKey(), e.getValue());
                }
                for (int i = cut; i < evs.size(); i++) {
                    Ev e = evs.get(i);
                    next.get(Math.floorMod(Integer.hashCode(e.key()), instances)).items(List.of(e));
                    max = Math.max(max, e.ts());
                    for (Driver dr : next) {
                        dr.watermark(max - 30);
                    }
                }
                List<String> actual = new ArrayList<>(first.results());
                for (Driver dr : next) {
                    dr.complete();
                    actual.addAll(dr.results());
                    assertEquals(0, dr.p.lateCount());
                }
                actual.sort(null);

                // Then
                assertEquals(expected, actual, "cut at " + cut + ", " + instances + " instance(s)");
            }
        }
    }

    @Test
    void when_badArguments_then_clearErrors() {
        assertEquals("lowerBound must not be greater than upperBound, but 5 > 4",
                assertThrows(IllegalArgumentException.class, () -> JoinCondition.interval(5, 4)).getMessage());
        assertEquals("windowSize must be positive, but was 0",
                assertThrows(IllegalArgumentException.class, () -> JoinCondition.tumbling(0)).getMessage());
        Driver[] d = new Driver[1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            d[0] = new Driver(join(JoinCondition.tumbling(10), false), 10);
            d[0].p.processItem(0, "plain");
        });
        assertTrue(e.getMessage().startsWith("a stream-to-stream join needs timestamped items, but got java.lang.String"),
                e.getMessage());
    }
}
