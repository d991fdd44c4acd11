package io.sluice.actors.stream;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SourceBuffer;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deterministic event time on the real runtime: the same out-of-order input gives the same windows
 * and late items whatever the source's batch size, batch wait and fill size (the watermark advances
 * before each item, as in Jet); expected results computed here in plain Java. And ingestion time:
 * one item followed by silence still produces its window, because the watermark follows the clock.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeterministicEventTimeE2ETest {
    private static final long LAG = 40;
    /** (source batch size = fill size, batch wait ms). */
    private static final int[][] SETTINGS = {{1, 1}, {7, 5}, {1024, 50}};
    private static Sluice sluice;

    record E(int key, long ts) implements Serializable {
    }

    private record Win(long start, long end, int key, long count) {
    }

    private static final Comparator<Win> WIN_ORDER = Comparator.comparingLong(Win::start).thenComparingLong(Win::end)
            .thenComparingInt(Win::key).thenComparingLong(Win::count);
    private static final Comparator<E> E_ORDER = Comparator.comparingLong(E::ts).thenComparingInt(E::key);

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("deterministic-event-time").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static List<E> events(long seed, int n) {
        return events(seed, n, 5);
    }

    private static List<E> events(long seed, int n, int keys) {
        Random rnd = new Random(seed);
        List<E> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new E(rnd.nextInt(keys), 2L * i + 1_000 - rnd.nextInt((int) (3 * LAG))));
        }
        return out;
    }

    private static boolean[] lateFlags(List<E> evs, long granularity) {
        boolean[] late = new boolean[evs.size()];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < evs.size(); i++) {
            max = Math.max(max, evs.get(i).ts());
            late[i] = evs.get(i).ts() < Math.floorDiv(max - LAG, granularity) * granularity;
        }
        return late;
    }

    private static StreamSource<E> source(List<E> evs, int batchSize, int waitMillis) {
        ArrayList<E> copy = new ArrayList<>(evs);
        return SourceBuilder.stream("events", ctx -> new int[1])
                .<E>fillBufferFn((int[] pos, SourceBuffer<E> buf) -> {
                    for (int n = 0; n < batchSize && pos[0] < copy.size(); n++) {
                        buf.add(copy.get(pos[0]++));
                    }
                    if (pos[0] == copy.size()) {
                        buf.close();
                    }
                })
                .batchSize(batchSize)
                .batchWaitMillis(waitMillis)
                .build();
    }

    private static List<E> expectedLate(List<E> evs, boolean[] late) {
        List<E> out = new ArrayList<>();
        for (int i = 0; i < evs.size(); i++) {
            if (late[i]) {
                out.add(evs.get(i));
            }
        }
        out.sort(E_ORDER);
        return out;
    }

    private static List<Win> expectedSliding(List<E> evs, boolean[] late, long size, long slide) {
        Map<List<Long>, Long> counts = new HashMap<>();
        for (int i = 0; i < evs.size(); i++) {
            if (!late[i]) {
                E e = evs.get(i);
                for (long s = Math.floorDiv(e.ts(), slide) * slide; s > e.ts() - size; s -= slide) {
                    counts.merge(List.of(s, (long) e.key()), 1L, Long::sum);
                }
            }
        }
        return counts.entrySet().stream()
                .map(en -> new Win(en.getKey().get(0), en.getKey().get(0) + size, en.getKey().get(1).intValue(), en.getValue()))
                .sorted(WIN_ORDER).collect(Collectors.toList());
    }

    private static List<Win> expectedSessions(List<E> evs, boolean[] late, long timeout) {
        Map<Integer, List<Long>> byKey = new TreeMap<>();
        for (int i = 0; i < evs.size(); i++) {
            if (!late[i]) {
                byKey.computeIfAbsent(evs.get(i).key(), k -> new ArrayList<>()).add(evs.get(i).ts());
            }
        }
        List<Win> out = new ArrayList<>();
        byKey.forEach((key, tss) -> {
            tss.sort(null);
            long start = tss.get(0);
            long end = start + timeout;
            long count = 0;
            for (long ts : tss) {
                if (ts >= end) {
                    out.add(new Win(start, end, key, count));
                    start = ts;
                    count = 0;
                }
                end = Math.max(end, ts + timeout);
                count++;
            }
            out.add(new Win(start, end, key, count));
        });
        out.sort(WIN_ORDER);
        return out;
    }

    private static void runWindows(List<E> evs, WindowDefinition def, List<Win> expected, List<E> expectedLate, String name) {
        for (int[] s : SETTINGS) {
            Pipeline p = Pipeline.create();
            CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
            CollectingSink<E> lateSink = TestSinks.collecting();
            p.readFrom(source(evs, s[0], s[1])).withTimestamps(E::ts, LAG)
                    .groupingKey(E::key).window(def).lateItemsTo(lateSink)
                    .aggregate(AggregateOperations.counting())
                    .writeTo(sink);
            sluice.newJob(p, JobConfig.named(name + "-" + s[0] + "-" + s[1])).join();
            String what = name + ", batch size " + s[0] + ", wait " + s[1] + " ms";
            assertEquals(expectedLate, lateSink.items().stream().sorted(E_ORDER).collect(Collectors.toList()), what);
            assertEquals(expected, sink.items().stream().map(r -> new Win(r.start(), r.end(), r.key(), r.result()))
                    .sorted(WIN_ORDER).collect(Collectors.toList()), what);
        }
    }

    @Test
    void when_tumbling_then_sameWindowsAndLateItemsForEverySourceBatching() {
        List<E> evs = events(11, 3_000);
        boolean[] late = lateFlags(evs, 50);
        assertTrue(expectedLate(evs, late).size() > 100);
        runWindows(evs, WindowDefinition.tumbling(50), expectedSliding(evs, late, 50, 50), expectedLate(evs, late), "tumbling");
    }

    @Test
    void when_sliding_then_sameWindowsAndLateItemsForEverySourceBatching() {
        List<E> evs = events(12, 3_000);
        boolean[] late = lateFlags(evs, 20);
        runWindows(evs, WindowDefinition.sliding(100, 20), expectedSliding(evs, late, 100, 20), expectedLate(evs, late), "sliding");
    }

    @Test
    void when_session_then_sameSessionsAndLateItemsForEverySourceBatching() {
        List<E> evs = events(13, 3_000);
        boolean[] late = lateFlags(evs, 1_000); // no window: throttled to 1000, as in Jet
        runWindows(evs, WindowDefinition.session(15), expectedSessions(evs, late, 15), expectedLate(evs, late), "session");
    }

    @Test
    void when_mapStatefulWithTtl_then_sameOutputForEverySourceBatching() {
        List<E> evs = events(14, 3_000, 300);
        long ttl = 30;
        boolean[] late = lateFlags(evs, 1_000); // no window: throttled to 1000, as in Jet
        List<String> expected = new ArrayList<>();
        Map<Integer, long[]> state = new HashMap<>();
        long max = Long.MIN_VALUE;
        for (int i = 0; i < evs.size(); i++) {
            E e = evs.get(i);
            max = Math.max(max, e.ts());
            long wm = Math.floorDiv(max - LAG, 1_000) * 1_000;
            state.entrySet().removeIf(en -> {
                if (en.getValue()[1] + ttl < wm) {
                    expected.add("evict " + en.getKey() + " " + en.getValue()[0]);
                    return true;
                }
                return false;
            });
            if (!late[i]) {
                long[] s = state.computeIfAbsent(e.key(), k -> new long[] {0, Long.MIN_VALUE});
                s[0]++;
                s[1] = Math.max(s[1], e.ts());
                expected.add(e.key() + "@" + e.ts() + "=" + s[0]);
            }
        }
        state.forEach((k, s) -> expected.add("evict " + k + " " + s[0]));
        expected.sort(null);
        for (int[] s : SETTINGS) {
            Pipeline p = Pipeline.create();
            CollectingSink<String> sink = TestSinks.collecting();
            StreamStage<E> stage = p.readFrom(source(evs, s[0], s[1])).withTimestamps(E::ts, LAG);
            stage.groupingKey(E::key)
                    .mapStateful(ttl, () -> new long[1],
                            (long[] c, Integer k, E e) -> k + "@" + e.ts() + "=" + (++c[0]),
                            (long[] c, Integer k, Long wm) -> "evict " + k + " " + c[0])
                    .writeTo(sink);
            sluice.newJob(p, JobConfig.named("stateful-" + s[0] + "-" + s[1])).join();
            List<String> got = new ArrayList<>(sink.items());
            got.sort(null);
            assertEquals(expected, got, "batch size " + s[0] + ", wait " + s[1] + " ms");
        }
    }

    @Test
    void when_ingestionTimeAndOneItemThenSilence_then_windowArrivesWithinAboutAFrame() throws Exception {
        StreamSource<String> oneThenSilence = SourceBuilder.stream("one-then-silence", ctx -> new boolean[1])
                .<String>fillBufferFn((boolean[] sent, SourceBuffer<String> buf) -> {
                    if (!sent[0]) {
                        sent[0] = true;
                        buf.add("only");
                    }
                })
                .build();
        Pipeline p = Pipeline.create();
        CollectingSink<io.sluice.engine.datamodel.WindowResult<Long>> sink = TestSinks.collecting();
        p.readFrom(oneThenSilence).withIngestionTimestamps()
                .window(WindowDefinition.tumbling(200))
                .aggregate(AggregateOperations.counting())
                .writeTo(sink);
        long before = System.currentTimeMillis();
        Job job = sluice.newJob(p, JobConfig.named("ingestion-clock"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sink.items().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long arrived = System.currentTimeMillis();
            assertEquals(1, sink.items().size(), "the window of the only item arrives although no other item follows");
            var r = sink.items().get(0);
            assertEquals(1L, r.result());
            assertTrue(r.start() >= Math.floorDiv(before, 200) * 200, "stamped with ingestion time: " + r);
            assertTrue(arrived >= r.end(), "not before the clock passed the window's end");
            // generous: the watermark follows the clock at the frame (200 ms) plus a tick; CI machines are slow
            assertTrue(arrived - r.end() < 10_000, "arrived " + (arrived - r.end()) + " ms after the window's end");
        } finally {
            job.cancel();
        }
    }
}
