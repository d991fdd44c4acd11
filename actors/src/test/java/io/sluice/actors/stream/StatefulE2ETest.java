package io.sluice.actors.stream;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyed and global state, TTL eviction and rolling aggregation end to end, on shuffled input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatefulE2ETest {
    private static final long LAG = 30;
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("stateful-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static StreamStage<Ev> source(Pipeline p, List<TimestampedItem<Ev>> events) {
        return p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(LAG);
    }

    /** For each key, the counts 1..n it must have been given (the running count is order-independent as a set). */
    private static List<String> runningCounts(List<TimestampedItem<Ev>> events, String prefix) {
        Map<Integer, Long> n = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (TimestampedItem<Ev> e : events) {
            long c = n.merge(e.item().key(), 1L, Long::sum);
            out.add(prefix + e.item().key() + "=" + c);
        }
        out.sort(null);
        return out;
    }

    @Test
    void when_keyedMapStatefulWithTtl_then_eachBurstEvictedOnceWithItsCount() {
        // key k is active in [k * 400, k * 400 + 200), 2 ms apart; ttl 100 evicts it once after its burst
        List<TimestampedItem<Ev>> ordered = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            for (int j = 0; j < 100; j++) {
                ordered.add(new TimestampedItem<>(k * 400L + j * 2, new Ev(k, j)));
                ordered.add(new TimestampedItem<>(k * 400L + j * 2 + 1, new Ev(100 + j % 3, j))); // busy background keys
            }
        }
        List<TimestampedItem<Ev>> events = new ArrayList<>(StreamFixtures.shuffled(ordered, LAG, 11));
        events.add(new TimestampedItem<>(1_000_000, new Ev(-1, 0))); // moves both runners' watermarks far ahead
        events.add(new TimestampedItem<>(1_000_000, new Ev(-1, 0)));

        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        source(p, events).groupingKey(Ev::key)
                .mapStateful(100, LongAccumulator::new,
                        (acc, key, e) -> key + "=" + acc.add(1).get(),
                        (acc, key, wm) -> "evicted " + key + " after " + acc.get())
                .writeTo(sink);
        sluice.newJob(p, JobConfig.named("ttl")).join();

        List<String> expected = new ArrayList<>(runningCounts(events, ""));
        for (int k = 0; k < 20; k++) {
            expected.add("evicted " + k + " after 100");
        }
        for (int b = 100; b < 103; b++) {
            // background keys are never idle for 100 ms until the end
            int key = b;
            expected.add("evicted " + b + " after " + events.stream().filter(e -> e.item().key() == key).count());
        }
        // the stream ends: every key still held (only the last one) is evicted with watermark Long.MAX_VALUE, as in Jet
        expected.add("evicted -1 after 2");
        expected.sort(null);
        assertEquals(expected, sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_rollingAggregateKeyedAndGlobal_then_runningCounts() {
        List<TimestampedItem<Ev>> events = WindowE2ETest.events(3_000, 12);
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedResult<Integer, Long>> keyed = TestSinks.collecting();
        CollectingSink<Long> global = TestSinks.collecting();
        StreamStage<Ev> src = source(p, events);
        src.groupingKey(Ev::key).rollingAggregate(AggregateOperations.counting()).writeTo(keyed);
        src.rollingAggregate(AggregateOperations.counting()).writeTo(global);
        sluice.newJob(p, JobConfig.named("rolling")).join();

        assertEquals(runningCounts(events, ""),
                keyed.items().stream().map(r -> r.key() + "=" + r.value()).sorted().collect(Collectors.toList()));
        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().collect(Collectors.toList()),
                global.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_globalMapStatefulAndKeyedFilterStateful_then_exact() {
        List<TimestampedItem<Ev>> events = WindowE2ETest.events(2_000, 13);
        Pipeline p = Pipeline.create();
        CollectingSink<Long> counts = TestSinks.collecting();
        CollectingSink<Ev> firstPerKey = TestSinks.collecting();
        StreamStage<Ev> src = source(p, events);
        src.mapStateful(LongAccumulator::new, (acc, e) -> acc.add(1).get()).writeTo(counts);
        src.groupingKey(Ev::key)
           .filterStateful(() -> new boolean[1], (seen, e) -> {
               boolean first = !seen[0];
               seen[0] = true;
               return first;
           })
           .writeTo(firstPerKey);
        sluice.newJob(p, JobConfig.named("stateful")).join();

        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().collect(Collectors.toList()),
                counts.items().stream().sorted().collect(Collectors.toList()));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6),
                firstPerKey.items().stream().map(Ev::key).sorted().collect(Collectors.toList()));
    }

    @Test
    void when_groupingKeyReturnsNull_then_jobFailsNamingTheStage() {
        Pipeline p = Pipeline.create();
        source(p, WindowE2ETest.events(100, 14))
                .groupingKey(e -> e.value() == 50 ? null : e.key())
                .rollingAggregate(AggregateOperations.counting())
                .setName("count-per-key")
                .writeTo(TestSinks.collecting());
        JobFailedException e = assertThrows(JobFailedException.class, () -> sluice.newJob(p, JobConfig.named("null-key")).join());
        assertInstanceOf(NullPointerException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("stage 'count-per-key'"), e.getCause().getMessage());
    }
}
