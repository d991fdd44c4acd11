package io.sluice.actors.stream;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every window kind end to end on the real runtime (parallelism 2, two source runners), on
 * shuffled input (out of order within the allowed lag), against plain-Java reference results.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WindowE2ETest {
    private static final long LAG = 40;
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("window-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** {@code count} events, 3 ms apart, over 7 keys, shuffled within {@link #LAG}. */
    static List<TimestampedItem<Ev>> events(int count, long seed) {
        List<TimestampedItem<Ev>> ordered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ordered.add(new TimestampedItem<>(i * 3L, new Ev(i % 7, i)));
        }
        return StreamFixtures.shuffled(ordered, LAG, seed);
    }

    private static StreamStage<Ev> source(Pipeline p, List<TimestampedItem<Ev>> events) {
        return p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(LAG);
    }

    private static <T> List<T> sorted(List<T> items, Comparator<? super T> order) {
        return items.stream().sorted(order).collect(Collectors.toList());
    }

    private static final Comparator<KeyedWindowResult<Integer, Long>> KEYED_ORDER =
            Comparator.<KeyedWindowResult<Integer, Long>>comparingLong(KeyedWindowResult::start)
                    .thenComparingInt(KeyedWindowResult::key);
    private static final Comparator<WindowResult<Long>> ORDER = Comparator.comparingLong(WindowResult::start);

    private void run(Pipeline p, String name) {
        sluice.newJob(p, JobConfig.named(name)).join();
    }

    @Test
    void when_keyedTumbling_then_exact() {
        List<TimestampedItem<Ev>> events = events(6_000, 1);
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        source(p, events).groupingKey(Ev::key).window(WindowDefinition.tumbling(100))
                         .aggregate(AggregateOperations.summingLong(Ev::value)).writeTo(sink);
        run(p, "keyed-tumbling");
        assertEquals(Reference.keyedSliding(events, 100, 100, Ev::value), sorted(sink.items(), KEYED_ORDER));
    }

    @Test
    void when_keyedSliding_then_exact() {
        List<TimestampedItem<Ev>> events = events(6_000, 2);
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        source(p, events).groupingKey(Ev::key).window(WindowDefinition.sliding(200, 50))
                         .aggregate(AggregateOperations.summingLong(Ev::value)).writeTo(sink);
        run(p, "keyed-sliding");
        assertEquals(Reference.keyedSliding(events, 200, 50, Ev::value), sorted(sink.items(), KEYED_ORDER));
    }

    @Test
    void when_tumblingAndSlidingNotKeyed_then_exact() {
        List<TimestampedItem<Ev>> events = events(6_000, 3);
        Pipeline p = Pipeline.create();
        CollectingSink<WindowResult<Long>> tumbling = TestSinks.collecting();
        CollectingSink<WindowResult<Long>> sliding = TestSinks.collecting();
        StreamStage<Ev> src = source(p, events);
        src.window(WindowDefinition.tumbling(100)).aggregate(AggregateOperations.summingLong(Ev::value)).writeTo(tumbling);
        src.window(WindowDefinition.sliding(300, 100)).aggregate(AggregateOperations.summingLong(Ev::value)).writeTo(sliding);
        run(p, "global-windows");
        assertEquals(Reference.sliding(events, 100, 100, Ev::value), sorted(tumbling.items(), ORDER));
        assertEquals(Reference.sliding(events, 300, 100, Ev::value), sorted(sliding.items(), ORDER));
    }

    @Test
    void when_sessionWindows_then_exact() {
        // bursts per key with gaps, so there are several sessions per key
        List<TimestampedItem<Ev>> ordered = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            long ts = i * 2L + (i / 100) * 150L; // a 150 ms gap after every 100 events
            ordered.add(new TimestampedItem<>(ts, new Ev(i % 5, i)));
        }
        List<TimestampedItem<Ev>> events = StreamFixtures.shuffled(ordered, LAG, 4);
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> keyed = TestSinks.collecting();
        CollectingSink<WindowResult<Long>> global = TestSinks.collecting();
        StreamStage<Ev> src = source(p, events);
        src.groupingKey(Ev::key).window(WindowDefinition.session(30))
           .aggregate(AggregateOperations.summingLong(Ev::value)).writeTo(keyed);
        src.window(WindowDefinition.session(30)).aggregate(AggregateOperations.summingLong(Ev::value)).writeTo(global);
        run(p, "sessions");
        assertEquals(sorted(Reference.keyedSessions(events, 30), KEYED_ORDER), sorted(keyed.items(), KEYED_ORDER));
        assertEquals(sorted(Reference.sessions(events, 30), ORDER), sorted(global.items(), ORDER));
    }

    @Test
    void when_earlyResults_then_earlyResultsAppearAndFinalResultsExact() {
        List<TimestampedItem<Ev>> events = events(3_000, 5); // 9 s of event time
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        p.readFrom(paced(events, 6)).withNativeTimestamps(LAG)
         .groupingKey(Ev::key)
         .window(WindowDefinition.tumbling(1_000).setEarlyResultsPeriod(20))
         .aggregate(AggregateOperations.summingLong(Ev::value))
         .writeTo(sink);
        run(p, "early");
        List<KeyedWindowResult<Integer, Long>> all = sink.items();
        List<KeyedWindowResult<Integer, Long>> early = all.stream().filter(KeyedWindowResult::isEarly).collect(Collectors.toList());
        List<KeyedWindowResult<Integer, Long>> finals = all.stream().filter(r -> !r.isEarly()).collect(Collectors.toList());
        assertTrue(!early.isEmpty(), "early results were emitted");
        List<KeyedWindowResult<Integer, Long>> expected = Reference.keyedSliding(events, 1_000, 1_000, Ev::value);
        assertEquals(expected, sorted(finals, KEYED_ORDER));
        for (KeyedWindowResult<Integer, Long> e : early) {
            long finalValue = expected.stream().filter(r -> r.start() == e.start() && r.key().equals(e.key()))
                    .findFirst().orElseThrow().result();
            assertTrue(e.result() <= finalValue, "an early result is a partial sum: " + e);
        }
    }

    @Test
    void when_aggregate2_then_coAggregatedExactly() {
        List<TimestampedItem<Ev>> left = events(4_000, 6);
        List<TimestampedItem<Ev>> right = events(3_000, 7);
        AggregateOperation<LongLongAccumulator, Long> sumLeftMinusCountRight = AggregateOperation
                .withCreate(LongLongAccumulator::new)
                .<Ev>andAccumulate0((acc, e) -> acc.add1(e.value()))
                .<Ev>andAccumulate1((acc, e) -> acc.add2(1))
                .andCombine((a, b) -> {
                    a.add1(b.get1());
                    a.add2(b.get2());
                })
                .andExportFinish(acc -> acc.get1() * 1_000_000 + acc.get2());
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        source(p, left).groupingKey(Ev::key).window(WindowDefinition.tumbling(100))
                       .aggregate2(source(p, right).groupingKey(Ev::key), sumLeftMinusCountRight)
                       .writeTo(sink);
        run(p, "aggregate2");

        List<TimestampedItem<Ev>> both = new ArrayList<>();
        for (TimestampedItem<Ev> e : left) {
            both.add(new TimestampedItem<>(e.timestamp(), new Ev(e.item().key(), e.item().value() * 1_000_000)));
        }
        for (TimestampedItem<Ev> e : right) {
            both.add(new TimestampedItem<>(e.timestamp(), new Ev(e.item().key(), 1)));
        }
        assertEquals(Reference.keyedSliding(both, 100, 100, Ev::value), sorted(sink.items(), KEYED_ORDER));
    }

    @Test
    void when_windowAfterHashJoinAndMerge_then_timestampsKept() {
        List<TimestampedItem<Ev>> a = events(2_000, 8);
        List<TimestampedItem<Ev>> b = events(1_000, 9);
        Pipeline p = Pipeline.create();
        var factors = p.readFrom(TestSources.items(
                io.sluice.engine.datamodel.KeyedResult.of(0, 10L), io.sluice.engine.datamodel.KeyedResult.of(1, 20L)));
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        source(p, a).merge(source(p, b))
                    .hashJoin(factors, io.sluice.engine.pipeline.JoinClause.joinMapEntries(e -> e.key() % 2),
                            (e, f) -> new Ev(e.key(), e.value() * f))
                    .groupingKey(Ev::key).window(WindowDefinition.tumbling(250))
                    .aggregate(AggregateOperations.summingLong(Ev::value)).writeTo(sink);
        run(p, "join-window");
        List<TimestampedItem<Ev>> expectedInput = new ArrayList<>();
        for (List<TimestampedItem<Ev>> list : List.of(a, b)) {
            for (TimestampedItem<Ev> e : list) {
                long f = e.item().key() % 2 == 0 ? 10 : 20;
                expectedInput.add(new TimestampedItem<>(e.timestamp(), new Ev(e.item().key(), e.item().value() * f)));
            }
        }
        assertEquals(Reference.keyedSliding(expectedInput, 250, 250, Ev::value), sorted(sink.items(), KEYED_ORDER));
    }

    /**
     * The events at {@code perMillis} events per millisecond of wall-clock time (2 runners,
     * round-robin like {@code timestampedList}), then the stream ends: slow enough that
     * early results fire while windows are open.
     */
    static StreamSource<Ev> paced(List<TimestampedItem<Ev>> events, int perMillis) {
        ArrayList<TimestampedItem<Ev>> copy = new ArrayList<>(events);
        return SourceBuilder.timestampedStream("paced", ctx -> new long[] {ctx.globalIndex(), ctx.totalParallelism(),
                        System.nanoTime()})
                .<Ev>fillBufferFn((s, buf) -> {
                    long due = (System.nanoTime() - s[2]) / 1_000_000 * perMillis;
                    int emitted = 0;
                    for (; s[0] < copy.size() && s[0] / s[1] <= due && emitted < 256; s[0] += s[1], emitted++) {
                        TimestampedItem<Ev> e = copy.get((int) s[0]);
                        buf.add(e.item(), e.timestamp());
                    }
                    if (s[0] >= copy.size()) {
                        buf.close();
                    }
                })
                .distributed(2)
                .build();
    }
}
