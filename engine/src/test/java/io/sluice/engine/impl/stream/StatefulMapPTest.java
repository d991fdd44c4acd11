package io.sluice.engine.impl.stream;

import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.stream.WindowTestSupport.Ev;
import io.sluice.engine.pipeline.Traverser;
import io.sluice.engine.pipeline.Traversers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.sluice.engine.impl.stream.WindowTestSupport.events;
import static io.sluice.engine.impl.stream.WindowTestSupport.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class StatefulMapPTest {

    private static final FunctionEx<Ev, Integer> KEY_FN = Ev::key;

    /** Counts items per key; emits [key, count] per item, and on eviction "evicted" then the final count. */
    private static StatefulMapP counter(long ttl) {
        TriFunction<long[], Integer, Ev, Traverser<List<Object>>> fn = (s, k, e) -> Traversers.singleton(List.of(k, ++s[0]));
        TriFunction<long[], Integer, Long, Traverser<List<Object>>> evict =
                (s, k, wm) -> Traversers.of(List.of("evicted", k), List.of("count", k, s[0], wm));
        return new StatefulMapP(KEY_FN, ttl, () -> new long[1], fn, evict);
    }

    /** The same, naively: a full scan of all keys per watermark. */
    private static List<Object> reference(List<Object> script, long ttl) {
        Map<Integer, long[]> state = new HashMap<>(); // key -> {count, lastTs}
        List<Object> out = new ArrayList<>();
        long wm = Long.MIN_VALUE;
        for (Object o : script) {
            if (o instanceof Watermark w) {
                wm = w.timestamp();
                List<Integer> expired = new ArrayList<>();
                for (Map.Entry<Integer, long[]> e : state.entrySet()) {
                    if (e.getValue()[1] + ttl < wm) {
                        expired.add(e.getKey());
                    }
                }
                expired.sort(null);
                for (Integer k : expired) {
                    long[] s = state.remove(k);
                    out.add(new TimestampedItem<>(wm, List.of("evicted", k)));
                    out.add(new TimestampedItem<>(wm, List.of("count", k, s[0], wm)));
                }
                out.add(w);
                continue;
            }
            TimestampedItem<?> ti = (TimestampedItem<?>) o;
            Ev e = (Ev) ti.item();
            if (ti.timestamp() < wm) {
                continue;
            }
            long[] s = state.computeIfAbsent(e.key(), k -> new long[]{0, Long.MIN_VALUE});
            s[0]++;
            s[1] = Math.max(s[1], ti.timestamp());
            out.add(new TimestampedItem<>(ti.timestamp(), List.of(e.key(), s[0])));
        }
        return out;
    }

    /** The reference's output when the stream then ends: every key still held is evicted at Long.MAX_VALUE. */
    private static List<Object> referenceWithEnd(List<Object> script, long ttl) {
        List<Object> out = reference(script, ttl);
        Map<Integer, long[]> held = new HashMap<>();
        long wm = Long.MIN_VALUE;
        for (Object o : script) {
            if (o instanceof Watermark w) {
                wm = w.timestamp();
                long expiredBelow = wm;
                held.values().removeIf(s -> s[1] + ttl < expiredBelow);
            } else if (((TimestampedItem<?>) o).timestamp() >= wm) {
                TimestampedItem<?> ti = (TimestampedItem<?>) o;
                long[] s = held.computeIfAbsent(((Ev) ti.item()).key(), k -> new long[]{0, Long.MIN_VALUE});
                s[0]++;
                s[1] = Math.max(s[1], ti.timestamp());
            }
        }
        for (Map.Entry<Integer, long[]> e : held.entrySet()) {
            out.add(new TimestampedItem<>(Long.MAX_VALUE, List.of("evicted", e.getKey())));
            out.add(new TimestampedItem<>(Long.MAX_VALUE, List.of("count", e.getKey(), e.getValue()[0], Long.MAX_VALUE)));
        }
        return out;
    }

    /** Segments between watermarks, each sorted, so that the order of keys evicted at one watermark does not matter. */
    private static List<List<String>> segments(List<Object> out) {
        List<List<String>> segs = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (Object o : out) {
            if (o instanceof Watermark) {
                cur.sort(Comparator.naturalOrder());
                cur.add(o.toString());
                segs.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(o.toString());
            }
        }
        cur.sort(Comparator.naturalOrder());
        segs.add(cur);
        return segs;
    }

    @Test
    void when_ttl_then_keysEvictedExactlyWhenWatermarkPassesLastTsPlusTtl() throws Exception {
        for (long ttl : new long[]{1, 10, 50}) {
            for (int seed = 0; seed < 4; seed++) {
                Random rnd = new Random(seed);
                List<Ev> evs = events(rnd, 3000, 40, 20, 4, 0.02, 1);
                List<Object> script = script(rnd, evs, 20, seed % 2 == 0);
                StatefulMapP p = counter(ttl);
                TestHarness h = new TestHarness(p, seed);
                h.run(script);
                List<Object> expected = reference(script, ttl);
                assertEquals(segments(expected), segments(h.out), "ttl " + ttl + " seed " + seed);
                assertTrue(expected.stream().anyMatch(o -> o.toString().contains("evicted")));
            }
        }
    }

    @Test
    void when_finiteStreamEnds_then_everyHeldKeyIsEvictedAtMaxWatermark() throws Exception {
        for (long ttl : new long[]{10, 50}) {
            for (int seed = 0; seed < 4; seed++) {
                Random rnd = new Random(seed);
                List<Ev> evs = events(rnd, 2000, 40, 20, 4, 0.02, 1);
                List<Object> script = script(rnd, evs, 20, seed % 2 == 0);
                StatefulMapP p = counter(ttl);
                TestHarness h = new TestHarness(p, seed);
                h.run(script);
                h.complete();
                List<Object> expected = referenceWithEnd(script, ttl);
                assertEquals(segments(expected), segments(h.out), "ttl " + ttl + " seed " + seed);
                assertTrue(h.out.stream().anyMatch(o -> o.toString().contains("evicted")), "something is held at the end");
                assertEquals(0, p.stateCount());
            }
        }
    }

    @Test
    void when_noTtlAndStreamEnds_then_everyKeyIsEvictedOnceAtMaxWatermark() throws Exception {
        StatefulMapP p = counter(0);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(new TimestampedItem<>(5, new Ev(5, 1, 0, 0)), new TimestampedItem<>(6, new Ev(6, 2, 0, 0)),
                new TimestampedItem<>(7, new Ev(7, 1, 0, 0))));
        h.watermark(1_000);
        h.complete();
        long max = Long.MAX_VALUE;
        assertEquals(List.of(List.of("[1, 1]", "[1, 2]", "[2, 1]", "Watermark[timestamp=1000]"),
                List.of("[count, 1, 2, " + max + "]", "[count, 2, 1, " + max + "]", "[evicted, 1]", "[evicted, 2]")),
                segments(h.out.stream().map(o -> o instanceof TimestampedItem<?> ti ? ti.item() : o).toList()));
        assertTrue(h.out.stream().filter(o -> o instanceof TimestampedItem<?> ti && ti.item().toString().contains("evicted"))
                .allMatch(o -> ((TimestampedItem<?>) o).timestamp() == max), "evictions are stamped Long.MAX_VALUE");
        assertEquals(0, p.stateCount());
    }

    @Test
    void when_lateItemWithTtl_then_droppedAndCounted() throws Exception {
        StatefulMapP p = counter(100);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(new TimestampedItem<>(50, new Ev(50, 1, 0, 0))));
        h.watermark(40);
        h.feed(List.of(new TimestampedItem<>(39, new Ev(39, 1, 0, 0)), new TimestampedItem<>(40, new Ev(40, 1, 0, 0))));
        assertEquals(1, p.lateCount());
        assertEquals(List.of(new TimestampedItem<>(50, List.of(1, 1L)), new Watermark(40),
                new TimestampedItem<>(40, List.of(1, 2L))), h.out);
    }

    @Test
    void when_evictedAtWatermark_then_outputStampedWithWatermarkAndStateRecreatedLater() throws Exception {
        StatefulMapP p = counter(10);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(new TimestampedItem<>(100, new Ev(100, 7, 0, 0))));
        h.watermark(110);
        assertEquals(1, p.stateCount(), "100 + 10 < 110 is false: not yet");
        h.watermark(111);
        assertEquals(0, p.stateCount());
        h.feed(List.of(new TimestampedItem<>(200, new Ev(200, 7, 0, 0))));
        assertEquals(List.of(new TimestampedItem<>(100, List.of(7, 1L)), new Watermark(110),
                new TimestampedItem<>(111, List.of("evicted", 7)), new TimestampedItem<>(111, List.of("count", 7, 1L, 111L)),
                new Watermark(111), new TimestampedItem<>(200, List.of(7, 1L))), h.out);
    }

    @Test
    void when_noTtlAndPlainItems_then_plainOutputAndNothingDropped() throws Exception {
        List<Object> keys = new ArrayList<>();
        StatefulMapP p = new StatefulMapP(null, 0, () -> new long[1],
                (long[] s, Object k, String item) -> {
                    keys.add(k);
                    s[0] += item.length();
                    return s[0] > 3 ? Traversers.singleton(item + s[0]) : null;
                }, null);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of("ab", "c", "de"));
        h.watermark(1_000_000);
        h.feed(List.of("f"));
        assertEquals(List.of("de5", new Watermark(1_000_000), "f6"), h.out);
        assertNull(keys.get(0), "a global state has no key");
        assertEquals(0, p.lateCount());
    }

    @Test
    void when_ttlWithoutTimestamps_then_helpfulError() throws Exception {
        StatefulMapP p = counter(10);
        new TestHarness(p, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.processItem(new Ev(1, 1, 1, 0)));
        assertTrue(e.getMessage().contains("needs timestamped items"), e.getMessage());
    }

    @Test
    void when_snapshotAndRestore_then_sameAsUninterrupted() throws Exception {
        Random rnd = new Random(77);
        List<Ev> evs = events(rnd, 3000, 30, 20, 4, 0.02, 1);
        List<Object> script = script(rnd, evs, 20, true);
        TestHarness whole = new TestHarness(counter(15), 1);
        whole.run(script);
        for (int cut = script.size() / 4; cut < script.size(); cut += script.size() / 4) {
            TestHarness first = new TestHarness(counter(15), 1);
            first.run(script.subList(0, cut));
            List<Map.Entry<Object, Object>> saved = first.snapshot();
            assertTrue(saved.stream().allMatch(e -> e.getKey() instanceof Integer), "saved under the grouping key");
            TestHarness second = TestHarness.restore(counter(15), saved, 2);
            second.run(script.subList(cut, script.size()));
            List<Object> joined = new ArrayList<>(first.out);
            joined.addAll(second.out);
            assertEquals(segments(whole.out), segments(joined), "cut " + cut);
        }
    }
}
