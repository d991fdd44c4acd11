package io.sluice.actors.stream;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowAggregateBuilder;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Windowed co-aggregation on the real runtime (parallelism 2, two source runners per stream):
 * {@code aggregate2} with separate operations after {@code window(..).groupingKey(..)} on sliding
 * windows, an {@code aggregateBuilder} with an operation without {@code combineFn} on tumbling
 * windows, keyed session windows with such an operation, and {@code distinct()}, against plain Java.
 * Input is shuffled by less than the allowed lag, so nothing is late.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WindowCoAggregationE2ETest {
    private static final long LAG = 40;
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("window-coaggregation-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** {@code count} events over 6 s of event time in bursts, 5 keys, shuffled by less than {@link #LAG}. */
    private static List<TimestampedItem<Ev>> events(int count, long seed) {
        Random random = new Random(seed);
        List<TimestampedItem<Ev>> ordered = new ArrayList<>();
        long ts = 0;
        for (int i = 0; i < count; i++) {
            ts += random.nextInt(4) + (random.nextInt(50) == 0 ? 120 : 0);
            ordered.add(new TimestampedItem<>(ts, new Ev(random.nextInt(5), random.nextInt(1000))));
        }
        return StreamFixtures.shuffled(ordered, LAG / 2, seed);
    }

    /** Sorted values without a combine primitive: the window runs it single-stage. */
    private static AggregateOperation1<Ev, ArrayList<Long>, List<Long>> sortedValues() {
        return AggregateOperation.withCreate(ArrayList<Long>::new)
                .andAccumulate((ArrayList<Long> list, Ev e) -> list.add(e.value()))
                .andExportFinish(list -> {
                    List<Long> copy = new ArrayList<>(list);
                    copy.sort(null);
                    return copy;
                });
    }

    private record Win(long start, long end, Integer key) {
    }

    /** Per window (and key when {@code keyed}), the values of each input; sliding/tumbling windows. */
    private static Map<Win, List<List<Long>>> slidingReference(List<List<TimestampedItem<Ev>>> inputs, long size, long slide,
                                                               boolean keyed) {
        Map<Win, List<List<Long>>> out = new HashMap<>();
        for (int in = 0; in < inputs.size(); in++) {
            for (TimestampedItem<Ev> e : inputs.get(in)) {
                for (long end = Math.floorDiv(e.timestamp(), slide) * slide + slide; end - size <= e.timestamp(); end += slide) {
                    slot(out, new Win(end - size, end, keyed ? e.item().key() : null), inputs.size()).get(in).add(e.item().value());
                }
            }
        }
        return out;
    }

    /** Per key, sessions over the items of all inputs together. */
    private static Map<Win, List<List<Long>>> sessionReference(List<List<TimestampedItem<Ev>>> inputs, long timeout) {
        Map<Integer, TreeMap<Long, List<long[]>>> byKey = new HashMap<>();
        for (int in = 0; in < inputs.size(); in++) {
            for (TimestampedItem<Ev> e : inputs.get(in)) {
                byKey.computeIfAbsent(e.item().key(), k -> new TreeMap<>())
                     .computeIfAbsent(e.timestamp(), t -> new ArrayList<>()).add(new long[]{in, e.item().value()});
            }
        }
        Map<Win, List<List<Long>>> out = new HashMap<>();
        byKey.forEach((key, byTime) -> {
            List<Long> times = new ArrayList<>(byTime.keySet());
            int from = 0;
            for (int i = 1; i <= times.size(); i++) {
                if (i == times.size() || times.get(i) >= times.get(i - 1) + timeout) {
                    List<List<Long>> s = slot(out, new Win(times.get(from), times.get(i - 1) + timeout, key), inputs.size());
                    for (Long t : times.subList(from, i)) {
                        for (long[] v : byTime.get(t)) {
                            s.get((int) v[0]).add(v[1]);
                        }
                    }
                    from = i;
                }
            }
        });
        return out;
    }

    private static List<List<Long>> slot(Map<Win, List<List<Long>>> out, Win w, int inputs) {
        return out.computeIfAbsent(w, k -> {
            List<List<Long>> l = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                l.add(new ArrayList<>());
            }
            return l;
        });
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    private static <T> void assertSameResults(Set<Object> expected, List<T> actual, String what) {
        assertEquals(expected, new HashSet<>(actual), what);
        assertEquals(expected.size(), actual.size(), what + ": one result per window (and key)");
    }

    @Test
    void when_windowCoAggregationOnRuntime_then_sameAsPlainJava() {
        // Given
        List<TimestampedItem<Ev>> visits = events(3_000, 1);
        List<TimestampedItem<Ev>> payments = events(2_000, 2);
        Pipeline p = Pipeline.create();
        StreamStage<Ev> visitStage = p.readFrom(TestSources.timestampedList(visits, 2)).withNativeTimestamps(LAG);
        StreamStage<Ev> paymentStage = p.readFrom(TestSources.timestampedList(payments, 2)).withNativeTimestamps(LAG);

        CollectingSink<KeyedWindowResult<Integer, Tuple2<Long, Long>>> sliding = TestSinks.collecting();
        visitStage.window(WindowDefinition.sliding(300, 100)).groupingKey(Ev::key)
                  .aggregate2(counting(), paymentStage.groupingKey(Ev::key), summingLong(Ev::value))
                  .writeTo(sliding);

        WindowAggregateBuilder<List<Long>> builder = visitStage.window(WindowDefinition.tumbling(250))
                                                               .aggregateBuilder(sortedValues());
        Tag<List<Long>> visitsTag = builder.tag0();
        Tag<Long> paymentsTag = builder.add(paymentStage, counting());
        CollectingSink<WindowResult<ItemsByTag>> tumbling = TestSinks.collecting();
        builder.build().writeTo(tumbling);

        CollectingSink<KeyedWindowResult<Integer, Tuple2<List<Long>, Long>>> sessions = TestSinks.collecting();
        visitStage.groupingKey(Ev::key).window(WindowDefinition.session(25))
                  .aggregate2(sortedValues(), paymentStage.groupingKey(Ev::key), counting())
                  .writeTo(sessions);

        CollectingSink<KeyedWindowResult<Integer, Ev>> distinct = TestSinks.collecting();
        visitStage.groupingKey(Ev::key).window(WindowDefinition.tumbling(500)).distinct().writeTo(distinct);

        // When
        sluice.newJob(p, JobConfig.named("window-coaggregation")).join();

        // Then
        List<List<TimestampedItem<Ev>>> both = List.of(visits, payments);
        Set<Object> expectedSliding = new HashSet<>();
        slidingReference(both, 300, 100, true).forEach((w, v) -> expectedSliding.add(new KeyedWindowResult<>(
                w.start(), w.end(), w.key(), Tuple2.tuple2((long) v.get(0).size(), sum(v.get(1))))));
        assertSameResults(expectedSliding, sliding.items(), "sliding aggregate2 after window(..).groupingKey(..)");

        Set<Object> expectedTumbling = new HashSet<>();
        slidingReference(both, 250, 250, false).forEach((w, v) -> expectedTumbling.add(new WindowResult<>(
                w.start(), w.end(), ItemsByTag.itemsByTag(visitsTag, sorted(v.get(0)), paymentsTag, (long) v.get(1).size()))));
        assertSameResults(expectedTumbling, tumbling.items(), "tumbling aggregateBuilder, op0 without combineFn");

        Set<Object> expectedSessions = new HashSet<>();
        sessionReference(both, 25).forEach((w, v) -> expectedSessions.add(new KeyedWindowResult<>(
                w.start(), w.end(), w.key(), Tuple2.tuple2(sorted(v.get(0)), (long) v.get(1).size()))));
        assertSameResults(expectedSessions, sessions.items(), "session aggregate2, op0 without combineFn");

        Map<Win, List<List<Long>>> visitWindows = slidingReference(List.of(visits), 500, 500, true);
        Set<Win> distinctWindows = new HashSet<>();
        for (KeyedWindowResult<Integer, Ev> r : distinct.items()) {
            Win w = new Win(r.start(), r.end(), r.key());
            assertEquals(w.key(), r.result().key(), "the item has the result's key");
            assertEquals(true, visitWindows.get(w).get(0).contains(r.result().value()), "the item is in its window: " + r);
            distinctWindows.add(w);
        }
        assertEquals(visitWindows.keySet(), distinctWindows, "one item per key and window");
        assertEquals(visitWindows.size(), distinct.items().size());
    }
}
