package io.sluice.actors.stream;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Late events (dropped, or sent to a side sink) and an idle source runner, end to end. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LateAndIdleE2ETest {
    private static final long LAG = 20;
    private static final Comparator<KeyedWindowResult<Integer, Long>> ORDER =
            Comparator.<KeyedWindowResult<Integer, Long>>comparingLong(KeyedWindowResult::start)
                    .thenComparingInt(KeyedWindowResult::key);
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("late-idle-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** 6,000 on-time events (shuffled within the lag); then, per runner, late events far behind the watermark. */
    private static List<TimestampedItem<Ev>> onTime() {
        List<TimestampedItem<Ev>> ordered = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            ordered.add(new TimestampedItem<>(i * 3L, new Ev(i % 5, i)));
        }
        return StreamFixtures.shuffled(ordered, LAG, 21);
    }

    private static List<TimestampedItem<Ev>> late() {
        List<TimestampedItem<Ev>> late = new ArrayList<>();
        for (int j = 0; j < 40; j++) {
            late.add(new TimestampedItem<>(j * 7L, new Ev(j % 5, 1_000_000 + j)));
        }
        return late;
    }

    @Test
    void when_lateEvents_then_droppedAndResultsExact() {
        List<TimestampedItem<Ev>> events = new ArrayList<>(onTime());
        events.addAll(late());
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(LAG)
         .groupingKey(Ev::key).window(WindowDefinition.tumbling(100))
         .aggregate(AggregateOperations.summingLong(Ev::value))
         .writeTo(sink);
        sluice.newJob(p, JobConfig.named("late-dropped")).join();

        assertEquals(Reference.keyedSliding(onTime(), 100, 100, Ev::value),
                sink.items().stream().sorted(ORDER).collect(Collectors.toList()));
    }

    @Test
    void when_lateItemsTo_then_lateEventsInSideSinkAndResultsExact() {
        List<TimestampedItem<Ev>> events = new ArrayList<>(onTime());
        events.addAll(late());
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        CollectingSink<Ev> lateSink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(LAG)
         .groupingKey(Ev::key).window(WindowDefinition.sliding(200, 100))
         .lateItemsTo(lateSink)
         .aggregate(AggregateOperations.summingLong(Ev::value))
         .writeTo(sink);
        sluice.newJob(p, JobConfig.named("late-routed")).join();

        assertEquals(Reference.keyedSliding(onTime(), 200, 100, Ev::value),
                sink.items().stream().sorted(ORDER).collect(Collectors.toList()));
        assertEquals(late().stream().map(TimestampedItem::item).sorted(Comparator.comparingLong(Ev::value)).collect(Collectors.toList()),
                lateSink.items().stream().sorted(Comparator.comparingLong(Ev::value)).collect(Collectors.toList()));
    }

    @Test
    void when_oneRunnerGoesQuiet_then_windowsStillCloseWithItsData() throws Exception {
        quietRunner(false);
    }

    @Test
    void when_oneRunnerGoesQuietAndSourceIsForked_then_windowsStillCloseWithItsData() throws Exception {
        // the fork gives the window accumulate a vertex of its own: it must hand on its open
        // frames when its inputs go idle, as a fused one does
        quietRunner(true);
    }

    private void quietRunner(boolean forked) throws Exception {
        // runner 0: one event per 0.2 ms of wall-clock time, ts = n, forever; runner 1: 250 events in [0, 500), then silence
        StreamSource<Ev> source = SourceBuilder.timestampedStream("two-runners",
                        ctx -> new long[] {ctx.globalIndex(), System.nanoTime(), 0})
                .<Ev>fillBufferFn((s, buf) -> {
                    if (s[0] == 0) {
                        long due = (System.nanoTime() - s[1]) / 200_000;
                        for (int n = 0; s[2] <= due && n < 256; s[2]++, n++) {
                            buf.add(new Ev((int) (s[2] % 3), 1), s[2]);
                        }
                    } else if (s[2] == 0) {
                        for (int j = 0; j < 250; j++) {
                            buf.add(new Ev(j % 3, 1), 2L * j);
                        }
                        s[2] = 1;
                    }
                })
                .distributed(2)
                .runnerIdleMillis(300)
                .build();
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        StreamStage<Ev> events = p.readFrom(source).withNativeTimestamps(LAG);
        if (forked) {
            events.writeTo(TestSinks.collecting());
        }
        events.groupingKey(Ev::key).window(WindowDefinition.tumbling(100))
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);
        Job job = sluice.newJob(p, JobConfig.named(forked ? "idle-forked" : "idle"));
        try {
            List<KeyedWindowResult<Integer, Long>> expected = new ArrayList<>();
            for (long start = 0; start < 1_000; start += 100) {
                for (int key = 0; key < 3; key++) {
                    long count = 0;
                    for (long ts = start; ts < start + 100; ts++) {
                        count += ts % 3 == key ? 1 : 0;
                    }
                    for (int j = 0; j < 250; j++) {
                        count += 2L * j >= start && 2L * j < start + 100 && j % 3 == key ? 1 : 0;
                    }
                    expected.add(new KeyedWindowResult<>(start, start + 100, key, count));
                }
            }
            List<KeyedWindowResult<Integer, Long>> closed = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (closed.size() < expected.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                closed = sink.items().stream().filter(r -> r.end() <= 1_000).sorted(ORDER).collect(Collectors.toList());
            }
            assertEquals(expected, closed);
        } finally {
            job.cancel();
        }
    }

    @Test
    void when_quietRunnerComesBack_then_itsLaterItemsAreCountedNotLate() throws Exception {
        // runner 0: one event per 0.2 ms of wall-clock time, ts = n, forever;
        // runner 1: quiet (idle after 300 ms) for about 0.8 s, then events at runner 0's current time
        StreamSource<Ev> source = SourceBuilder.timestampedStream("returning-runner",
                        ctx -> new long[] {ctx.globalIndex(), System.nanoTime(), 0})
                .<Ev>fillBufferFn((s, buf) -> {
                    long due = (System.nanoTime() - s[1]) / 200_000;
                    if (s[0] == 0) {
                        for (int n = 0; s[2] <= due && n < 256; s[2]++, n++) {
                            buf.add(new Ev(0, 1), s[2]);
                        }
                    } else if (due >= 4_000 && s[2] < 500) {
                        // back after ~0.8 s: 500 events, timestamps a little ahead of runner 0's
                        for (int n = 0; s[2] < 500 && n < 100; s[2]++, n++) {
                            buf.add(new Ev(1, 1), 6_000 + s[2]);
                        }
                    }
                })
                .distributed(2)
                .runnerIdleMillis(300)
                .build();
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        p.readFrom(source).withNativeTimestamps(LAG)
         .groupingKey(Ev::key).window(WindowDefinition.tumbling(1_000))
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);
        Job job = sluice.newJob(p, JobConfig.named("returning"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long key1 = 0;
            while (System.nanoTime() < deadline) {
                Thread.sleep(50);
                key1 = sink.items().stream().filter(r -> r.key() == 1).mapToLong(KeyedWindowResult::result).sum();
                boolean windowAfterClosed = sink.items().stream().anyMatch(r -> r.key() == 0 && r.start() >= 7_000);
                if (windowAfterClosed) {
                    break;
                }
            }
            assertEquals(500, key1, "the returning runner's items (ts 6000..6499) must be counted, not dropped as late");
        } finally {
            job.cancel();
        }
    }
}
