package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.SourceBuffer;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deterministic event time: the same out-of-order input gives the same windows and the same late
 * items whatever the batch size (of the runner, the source's fills and the edges). The expected
 * results are computed here in plain Java with Jet's rule: the watermark advances before each
 * item to {@code floor((maxTs - lag) / g) * g} ({@code g} the planner's throttling granularity:
 * the gcd of the window slides, 1000 without one, as Jet) and an item below it is late.
 */
@Timeout(120)
class DeterministicEventTimeTest {
    private static final int[] BATCH_SIZES = {1, 7, 1024};
    private static final long LAG = 40;

    record Ev(int key, long ts) implements Serializable {
    }

    /** Events whose timestamps grow by ~2 per item with disorder up to 3x the lag: many are late. */
    private static List<Ev> events(long seed, int n) {
        return events(seed, n, 5);
    }

    private static List<Ev> events(long seed, int n, int keys) {
        Random rnd = new Random(seed);
        List<Ev> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = 2L * i + 1_000 - rnd.nextInt((int) (3 * LAG));
            out.add(new Ev(rnd.nextInt(keys), ts));
        }
        return out;
    }

    /** The reference: whether each event is late under Jet's rule. */
    private static boolean[] lateFlags(List<Ev> evs, long granularity) {
        boolean[] late = new boolean[evs.size()];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < evs.size(); i++) {
            max = Math.max(max, evs.get(i).ts());
            long wm = Math.floorDiv(max - LAG, granularity) * granularity;
            late[i] = evs.get(i).ts() < wm;
        }
        return late;
    }

    /** A stream of {@code evs} in order, {@code fill} items per fill call, then closed. */
    static StreamSource<Ev> source(List<Ev> evs, int fill) {
        ArrayList<Ev> copy = new ArrayList<>(evs);
        return SourceBuilder.stream("events", ctx -> new int[1])
                .<Ev>fillBufferFn((int[] pos, SourceBuffer<Ev> buf) -> {
                    for (int n = 0; n < fill && pos[0] < copy.size(); n++) {
                        buf.add(copy.get(pos[0]++));
                    }
                    if (pos[0] == copy.size()) {
                        buf.close();
                    }
                })
                .build();
    }

    /** Timestamps on the source, or (odd variants) on a later stage: both paths must agree. */
    private static StreamStage<Ev> timestamped(Pipeline p, List<Ev> evs, int fill, boolean onLaterStage) {
        if (onLaterStage) {
            return p.readFrom(source(evs, fill)).withoutTimestamps().map(e -> e).withTimestamps(Ev::ts, LAG);
        }
        return p.readFrom(source(evs, fill)).withTimestamps(Ev::ts, LAG);
    }

    private record WinResult(long start, long end, int key, long count) {
    }

    private record Run(List<WinResult> windows, List<Ev> late) {
    }

    private static Run runWindow(List<Ev> evs, WindowDefinition def, int batchSize, int parallelism, boolean later)
            throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        CollectingSink<Ev> lateSink = TestSinks.collecting();
        timestamped(p, evs, batchSize, later)
                .groupingKey(Ev::key)
                .window(def)
                .lateItemsTo(lateSink)
                .aggregate(AggregateOperations.counting())
                .writeTo(sink);
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();
        List<WinResult> windows = sink.items().stream()
                .map(r -> new WinResult(r.start(), r.end(), r.key(), r.result()))
                .sorted(WIN_ORDER).collect(Collectors.toList());
        List<Ev> late = new ArrayList<>(lateSink.items());
        late.sort(EV_ORDER);
        return new Run(windows, late);
    }

    private static final java.util.Comparator<WinResult> WIN_ORDER = java.util.Comparator.comparingLong(WinResult::start)
            .thenComparingLong(WinResult::end).thenComparingInt(WinResult::key).thenComparingLong(WinResult::count);
    private static final java.util.Comparator<Ev> EV_ORDER = java.util.Comparator.comparingLong(Ev::ts).thenComparingInt(Ev::key);

    private static List<Ev> expectedLate(List<Ev> evs, boolean[] late) {
        List<Ev> out = new ArrayList<>();
        for (int i = 0; i < evs.size(); i++) {
            if (late[i]) {
                out.add(evs.get(i));
            }
        }
        out.sort(EV_ORDER);
        return out;
    }

    private static List<WinResult> expectedSliding(List<Ev> evs, boolean[] late, long size, long slide) {
        Map<List<Long>, Long> counts = new HashMap<>();
        for (int i = 0; i < evs.size(); i++) {
            if (late[i]) {
                continue;
            }
            Ev e = evs.get(i);
            for (long start = Math.floorDiv(e.ts(), slide) * slide; start > e.ts() - size; start -= slide) {
                counts.merge(List.of(start, (long) e.key()), 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .map(en -> new WinResult(en.getKey().get(0), en.getKey().get(0) + size, en.getKey().get(1).intValue(), en.getValue()))
                .sorted(WIN_ORDER).collect(Collectors.toList());
    }

    private static List<WinResult> expectedSessions(List<Ev> evs, boolean[] late, long timeout) {
        Map<Integer, List<Long>> byKey = new TreeMap<>();
        for (int i = 0; i < evs.size(); i++) {
            if (!late[i]) {
                byKey.computeIfAbsent(evs.get(i).key(), k -> new ArrayList<>()).add(evs.get(i).ts());
            }
        }
        List<WinResult> out = new ArrayList<>();
        byKey.forEach((key, tss) -> {
            tss.sort(null);
            long start = tss.get(0);
            long end = start + timeout;
            long count = 0;
            for (long ts : tss) {
                if (ts >= end) {
                    out.add(new WinResult(start, end, key, count));
                    start = ts;
                    count = 0;
                }
                end = Math.max(end, ts + timeout);
                count++;
            }
            out.add(new WinResult(start, end, key, count));
        });
        out.sort(WIN_ORDER);
        return out;
    }

    @Test
    void when_tumblingWithOutOfOrderInput_then_sameWindowsAndLateItemsForEveryBatchSize() throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            List<Ev> evs = events(seed, 3_000);
            boolean[] late = lateFlags(evs, 50);
            List<Ev> expectedLate = expectedLate(evs, late);
            assertTrue(expectedLate.size() > 100, "the input has late items: " + expectedLate.size());
            List<WinResult> expected = expectedSliding(evs, late, 50, 50);
            for (int b : BATCH_SIZES) {
                for (int par : new int[] {1, 3}) {
                    Run run = runWindow(evs, WindowDefinition.tumbling(50), b, par, (b + par + seed) % 2 == 1);
                    String what = "seed " + seed + ", batch " + b + ", parallelism " + par;
                    assertEquals(expectedLate, run.late(), what);
                    assertEquals(expected, run.windows(), what);
                }
            }
        }
    }

    @Test
    void when_slideAboveMaximumGap_then_throttledToADivisorOfIt() throws Exception {
        // tumbling(2000): Jet's planner throttles to gcd(2000, 1000) = 1000, so lateness follows a 1000 grid
        List<Ev> evs = events(8, 3_000);
        boolean[] late = lateFlags(evs, 1_000);
        assertTrue(expectedLate(evs, late).size() > 10);
        for (int b : BATCH_SIZES) {
            Run run = runWindow(evs, WindowDefinition.tumbling(2_000), b, 2, false);
            assertEquals(expectedLate(evs, late), run.late(), "batch " + b);
            assertEquals(expectedSliding(evs, late, 2_000, 2_000), run.windows(), "batch " + b);
        }
    }

    @Test
    void when_slidingWithOutOfOrderInput_then_sameWindowsAndLateItemsForEveryBatchSize() throws Exception {
        List<Ev> evs = events(3, 3_000);
        boolean[] late = lateFlags(evs, 20);
        List<Ev> expectedLate = expectedLate(evs, late);
        List<WinResult> expected = expectedSliding(evs, late, 100, 20);
        for (int b : BATCH_SIZES) {
            for (boolean later : new boolean[] {false, true}) {
                Run run = runWindow(evs, WindowDefinition.sliding(100, 20), b, 2, later);
                assertEquals(expectedLate, run.late(), "batch " + b + ", later " + later);
                assertEquals(expected, run.windows(), "batch " + b + ", later " + later);
            }
        }
    }

    @Test
    void when_sessionWithOutOfOrderInput_then_sameSessionsAndLateItemsForEveryBatchSize() throws Exception {
        List<Ev> evs = events(4, 3_000);
        boolean[] late = lateFlags(evs, 1_000); // no frame-aligned window: throttled to 1000, as in Jet
        List<Ev> expectedLate = expectedLate(evs, late);
        List<WinResult> expected = expectedSessions(evs, late, 15);
        for (int b : BATCH_SIZES) {
            Run run = runWindow(evs, WindowDefinition.session(15), b, 2, b == 7);
            assertEquals(expectedLate, run.late(), "batch " + b);
            assertEquals(expected, run.windows(), "batch " + b);
        }
    }

    @Test
    void when_mapStatefulWithTtl_then_sameOutputForEveryBatchSize() throws Exception {
        List<Ev> evs = events(5, 3_000, 300);
        long ttl = 30;
        boolean[] late = lateFlags(evs, 1_000); // no window: throttled to 1000, as in Jet
        // reference: per key a counter; a key whose last item is more than ttl behind the watermark is
        // evicted (emitting "evict") before the item that moved the watermark; late items are dropped
        List<String> expected = new ArrayList<>();
        Map<Integer, long[]> state = new HashMap<>(); // key -> {count, lastTs}
        long max = Long.MIN_VALUE;
        for (int i = 0; i < evs.size(); i++) {
            Ev e = evs.get(i);
            max = Math.max(max, e.ts());
            long wm = Math.floorDiv(max - LAG, 1_000) * 1_000;
            final long w = wm;
            state.entrySet().removeIf(en -> {
                if (en.getValue()[1] + ttl < w) {
                    expected.add("evict " + en.getKey() + " " + en.getValue()[0]);
                    return true;
                }
                return false;
            });
            if (late[i]) {
                continue;
            }
            long[] s = state.computeIfAbsent(e.key(), k -> new long[] {0, Long.MIN_VALUE});
            s[0]++;
            s[1] = Math.max(s[1], e.ts());
            expected.add(e.key() + "@" + e.ts() + "=" + s[0]);
        }
        state.forEach((k, s) -> expected.add("evict " + k + " " + s[0]));
        expected.sort(null);
        assertTrue(expected.stream().filter(s -> s.startsWith("evict")).count() > 10, "keys are evicted along the way");

        for (int b : BATCH_SIZES) {
            Pipeline p = Pipeline.create();
            CollectingSink<String> sink = TestSinks.collecting();
            timestamped(p, evs, b, b == 7)
                    .groupingKey(Ev::key)
                    .mapStateful(ttl, () -> new long[1],
                            (long[] c, Integer k, Ev e) -> k + "@" + e.ts() + "=" + (++c[0]),
                            (long[] c, Integer k, Long wm) -> "evict " + k + " " + c[0])
                    .writeTo(sink);
            LocalDagRunner.of(p.toDag()).defaultParallelism(2).batchSize(b).run();
            List<String> got = new ArrayList<>(sink.items());
            got.sort(null);
            assertEquals(expected, got, "batch " + b);
        }
    }

    @Test
    void when_issueExample_then_secondItemLateWhateverTheBatching() throws Exception {
        // (10,a),(6,b), lag 0, tumbling(10): the watermark 10 goes out before a, closes [0,10), b is late
        List<Ev> evs = List.of(new Ev(1, 10), new Ev(2, 6));
        for (int b : new int[] {1, 2, 1024}) {
            Pipeline p = Pipeline.create();
            CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
            CollectingSink<Ev> lateSink = TestSinks.collecting();
            p.readFrom(source(evs, b)).withTimestamps(Ev::ts, 0)
                    .groupingKey(Ev::key).window(WindowDefinition.tumbling(10)).lateItemsTo(lateSink)
                    .aggregate(AggregateOperations.counting()).writeTo(sink);
            LocalDagRunner.of(p.toDag()).batchSize(b).run();
            assertEquals(List.of(new Ev(2, 6)), lateSink.items(), "batch " + b);
            assertEquals(List.of(new KeyedWindowResult<>(10, 20, 1, 1L)), sink.items(), "batch " + b);
        }
    }

    @Test
    void when_batchStageAddTimestamps_then_windowsOnBatchInputWithLateItems() throws Exception {
        List<Ev> evs = events(6, 2_000);
        boolean[] late = lateFlags(evs, 50);
        List<Ev> expectedLate = expectedLate(evs, late);
        List<WinResult> expected = expectedSliding(evs, late, 50, 50);
        for (int b : BATCH_SIZES) {
            Pipeline p = Pipeline.create();
            CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
            CollectingSink<Ev> lateSink = TestSinks.collecting();
            p.readFrom(TestSources.items(evs))
                    .addTimestamps(Ev::ts, LAG)
                    .groupingKey(Ev::key)
                    .window(WindowDefinition.tumbling(50))
                    .lateItemsTo(lateSink)
                    .aggregate(AggregateOperations.counting())
                    .writeTo(sink);
            LocalDagRunner.of(p.toDag()).defaultParallelism(2).batchSize(b).run();
            List<Ev> gotLate = new ArrayList<>(lateSink.items());
            gotLate.sort(EV_ORDER);
            assertEquals(expectedLate, gotLate, "batch " + b);
            assertEquals(expected, sink.items().stream().map(r -> new WinResult(r.start(), r.end(), r.key(), r.result()))
                    .sorted(WIN_ORDER).collect(Collectors.toList()), "batch " + b);
        }
    }

    @Test
    void when_addTimestampsWithBadArguments_then_clearErrors() {
        Pipeline p = Pipeline.create();
        var stage = p.readFrom(TestSources.items(1L, 2L));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> stage.addTimestamps(null, 0)).getMessage().contains("timestampFn"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> stage.addTimestamps(l -> l, -1)).getMessage().contains("allowedLag"));
    }
}
