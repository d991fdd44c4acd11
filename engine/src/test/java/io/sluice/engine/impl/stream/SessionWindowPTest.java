package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Partitioner;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.stream.WindowTestSupport.Ev;
import io.sluice.engine.impl.stream.WindowTestSupport.OpCase;
import io.sluice.engine.pipeline.WindowDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static io.sluice.engine.impl.stream.WindowTestSupport.events;
import static io.sluice.engine.impl.stream.WindowTestSupport.lateness;
import static io.sluice.engine.impl.stream.WindowTestSupport.opCases;
import static io.sluice.engine.impl.stream.WindowTestSupport.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@Timeout(60)
class SessionWindowPTest {

    private static final FunctionEx<Ev, Integer> KEY_FN = Ev::key;

    /** Sessions by brute force: per key, sort the on-time events and cut where the gap reaches the timeout. */
    static Map<List<Object>, Object> reference(List<Ev> onTime, long timeout, boolean keyed, boolean early,
                                               Function<List<Ev>, Object> refFn) {
        Map<Object, List<Ev>> byKey = new HashMap<>();
        for (Ev e : onTime) {
            byKey.computeIfAbsent(keyed ? e.key() : "all", k -> new ArrayList<>()).add(e);
        }
        Map<List<Object>, Object> expected = new HashMap<>();
        byKey.forEach((key, evs) -> {
            evs.sort(null);
            List<Ev> session = new ArrayList<>();
            for (Ev e : evs) {
                if (!session.isEmpty() && e.ts() >= session.get(session.size() - 1).ts() + timeout) {
                    addSession(expected, key, session, timeout, keyed, early, refFn);
                    session = new ArrayList<>();
                }
                session.add(e);
            }
            addSession(expected, key, session, timeout, keyed, early, refFn);
        });
        return expected;
    }

    private static void addSession(Map<List<Object>, Object> expected, Object key, List<Ev> session, long timeout,
                                   boolean keyed, boolean early, Function<List<Ev>, Object> refFn) {
        long start = session.get(0).ts();
        long end = session.get(session.size() - 1).ts() + timeout;
        Object r = refFn.apply(session);
        expected.put(List.of(start, key), new TimestampedItem<>(end - 1, keyed
                ? new KeyedWindowResult<>(start, end, key, r, early) : new WindowResult<>(start, end, r, early)));
    }

    /** Checks results equal the reference, none is late and each comes before the first watermark at or after its end. */
    static void assertSessions(Map<List<Object>, Object> expected, List<Object> out, boolean keyed) {
        Map<List<Object>, Object> actual = new HashMap<>();
        long wm = Long.MIN_VALUE;
        for (Object o : out) {
            if (o instanceof Watermark w) {
                long now = w.timestamp();
                long due = expected.values().stream().filter(v -> ((TimestampedItem<?>) v).timestamp() < now).count();
                assertEquals(due, actual.size(), "sessions emitted before watermark " + now);
                wm = now;
                continue;
            }
            TimestampedItem<?> ti = (TimestampedItem<?>) o;
            assertTrue(ti.timestamp() >= wm, "late result " + o);
            List<Object> id = keyed
                    ? List.of(((KeyedWindowResult<?, ?>) ti.item()).start(), ((KeyedWindowResult<?, ?>) ti.item()).key())
                    : List.of(((WindowResult<?>) ti.item()).start(), "all");
            if (actual.put(id, o) != null) {
                fail("duplicate " + o);
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void when_shuffledInput_then_sameAsReference() throws Exception {
        long seed = 1;
        for (OpCase c : opCases()) {
            for (long timeout : new long[]{1, 5, 30}) {
                for (boolean keyed : new boolean[]{true, false}) {
                    Random rnd = new Random(seed);
                    // sparse events so that sessions both form and close
                    List<Ev> evs = events(rnd, 2000, keyed ? 5 : 1, 20, (int) (timeout * 3 / 2) + 2, 0.02, 1);
                    List<Object> script = script(rnd, evs, 20, seed % 2 == 0);
                    Map<Boolean, List<Ev>> split = lateness(script);
                    SessionWindowP p = new SessionWindowP(keyed ? KEY_FN : null, timeout, c.op(), 0, false);
                    TestHarness h = new TestHarness(p, seed++);
                    h.run(script).complete();
                    Map<List<Object>, Object> expected = reference(split.get(true), timeout, keyed, false, c.reference());
                    assertTrue(expected.size() > 20, "the test forms sessions");
                    assertSessions(expected, h.out, keyed);
                    assertEquals(split.get(false).size(), p.lateCount());
                }
            }
        }
    }

    @Test
    void when_outOfOrderEventBridgesTwoSessions_then_merged() throws Exception {
        SessionWindowP p = new SessionWindowP(KEY_FN, 10, AggregateOperations.counting(), 0, false);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(ts(100, 1), ts(102, 1), ts(120, 1), ts(125, 1)));
        h.feed(List.of(ts(111, 1)));
        h.watermark(200);
        assertEquals(List.of(new TimestampedItem<>(134, new KeyedWindowResult<>(100L, 135L, 1, 5L)), new Watermark(200)), h.out);
    }

    @Test
    void when_eventExactlyTimeoutAfterLast_then_newSession() throws Exception {
        SessionWindowP p = new SessionWindowP(KEY_FN, 10, AggregateOperations.counting(), 0, false);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(ts(100, 1), ts(110, 1), ts(119, 1)));
        h.watermark(120);
        h.watermark(129);
        // first session [100, 110) closes at watermark 120 (it is due at 110), the second at 129
        assertEquals(List.of(new TimestampedItem<>(109, new KeyedWindowResult<>(100L, 110L, 1, 1L)), new Watermark(120),
                new TimestampedItem<>(128, new KeyedWindowResult<>(110L, 129L, 1, 2L)), new Watermark(129)), h.out);
    }

    private static TimestampedItem<Ev> ts(long t, int key) {
        return new TimestampedItem<>(t, new Ev(t, key, 0, 0));
    }

    @Test
    void when_lateEventsRouted_then_innerItemsOnOrdinal1() throws Exception {
        Random rnd = new Random(3);
        List<Ev> evs = events(rnd, 1000, 3, 10, 5, 0.05, 1);
        List<Object> script = script(rnd, evs, 10, false);
        SessionWindowP p = new SessionWindowP(KEY_FN, 5, AggregateOperations.counting(), 0, true);
        TestHarness h = new TestHarness(p, 3);
        h.run(script).complete();
        List<Ev> late = lateness(script).get(false);
        assertEquals(late.size(), h.out1.size());
        assertEquals(new HashSet<>(late), new HashSet<>(h.out1));
        assertEquals(late.size(), p.lateCount());
    }

    @Test
    void when_earlyResultsPeriodPasses_then_currentResultOfEveryOpenSession() throws Exception {
        OpCase c = opCases().get(2);
        Random rnd = new Random(9);
        List<Ev> evs = events(rnd, 1500, 4, 20, 6, 0.02, 1);
        List<Object> script = script(rnd, evs, 20, true);
        SessionWindowP p = new SessionWindowP(KEY_FN, WindowDefinition.session(8).setEarlyResultsPeriod(50),
                c.op(), 0, false);
        long[] clock = {0};
        p.setNanoClock(() -> clock[0]);
        TestHarness h = new TestHarness(p, 9);
        int checks = 0;
        for (int i = 0; i < script.size(); i++) {
            h.run(List.of(script.get(i)));
            if (i % 50 == 0) {
                clock[0] += 50_000_000L;
                int before = h.out.size();
                h.tick();
                List<Object> seen = script.subList(0, i + 1);
                long wm = seen.stream().filter(o -> o instanceof Watermark).mapToLong(o -> ((Watermark) o).timestamp())
                        .max().orElse(Long.MIN_VALUE);
                Map<List<Object>, Object> expected = new HashMap<>();
                reference(lateness(seen).get(true), 8, true, true, c.reference()).forEach((k, v) -> {
                    if (((TimestampedItem<?>) v).timestamp() >= wm) {
                        expected.put(k, v);
                    }
                });
                Map<List<Object>, Object> actual = new HashMap<>();
                for (Object o : h.out.subList(before, h.out.size())) {
                    KeyedWindowResult<?, ?> r = (KeyedWindowResult<?, ?>) ((TimestampedItem<?>) o).item();
                    assertTrue(r.isEarly());
                    actual.put(List.of(r.start(), r.key()), o);
                }
                assertEquals(expected, actual, "tick after item " + i);
                checks++;
            }
        }
        assertTrue(checks > 10);
    }

    @Test
    void when_coAggregatingTwoStreams_then_sameAsReference() throws Exception {
        Random rnd = new Random(13);
        List<Ev> evs = events(rnd, 2000, 4, 15, 8, 0.02, 2);
        List<Object> script = script(rnd, evs, 15, true);
        AggregateOperation<?, ?> co = AggregateOperation
                .withCreate(() -> new long[2])
                .<Ev>andAccumulate0((a, e) -> a[0]++)
                .<Ev>andAccumulate1((a, e) -> a[1] += e.value())
                .andCombine((a, b) -> {
                    a[0] += b[0];
                    a[1] += b[1];
                })
                .andExportFinish(a -> List.of(a[0], a[1]));
        SessionWindowP p = new SessionWindowP(List.of(KEY_FN, KEY_FN), WindowDefinition.session(10), co, false);
        TestHarness h = new TestHarness(p, 13);
        List<Object> p0 = new ArrayList<>();
        List<Object> p1 = new ArrayList<>();
        for (Object o : script) {
            if (o instanceof Watermark w) {
                h.feed(0, p0).feed(1, p1).watermark(w.timestamp());
                p0.clear();
                p1.clear();
            } else {
                (((Ev) ((TimestampedItem<?>) o).item()).input() == 0 ? p0 : p1).add(o);
            }
        }
        h.feed(0, p0).feed(1, p1).complete();
        assertSessions(reference(lateness(script).get(true), 10, true, false, list -> List.of(
                list.stream().filter(e -> e.input() == 0).count(),
                list.stream().filter(e -> e.input() == 1).mapToLong(Ev::value).sum())), h.out, true);
    }

    @Test
    void when_snapshotAndRestore_then_sameAsUninterrupted() throws Exception {
        for (OpCase c : opCases()) {
            Random rnd = new Random(31);
            List<Ev> evs = events(rnd, 2000, 5, 20, 10, 0.03, 1);
            List<Object> script = script(rnd, evs, 20, true);
            TestHarness whole = new TestHarness(new SessionWindowP(KEY_FN, 15, c.op(), 0, false), 1);
            whole.run(script).complete();
            for (int cut = script.size() / 5; cut < script.size(); cut += script.size() / 5) {
                TestHarness first = new TestHarness(new SessionWindowP(KEY_FN, 15, c.op(), 0, false), 1);
                first.run(script.subList(0, cut));
                List<Map.Entry<Object, Object>> saved = first.snapshot();
                for (Map.Entry<Object, Object> e : saved) {
                    assertTrue(e.getKey() instanceof Integer, "saved under the grouping key");
                    assertTrue(Partitioner.partition(e.getKey(), 271) >= 0);
                }
                TestHarness second = TestHarness.restore(new SessionWindowP(KEY_FN, 15, c.op(), 0, false), saved, 2);
                second.run(script.subList(cut, script.size())).complete();
                List<Object> joined = new ArrayList<>(first.items());
                joined.addAll(second.items());
                assertEquals(new HashSet<>(whole.items()), new HashSet<>(joined), c + " cut " + cut);
                assertEquals(whole.items().size(), joined.size());
            }
        }
    }
}
