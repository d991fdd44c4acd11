package io.sluice.engine.aggregate;

import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation2;
import static io.sluice.engine.aggregate.AggregateOperations.allOfBuilder;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.flatMapping;
import static io.sluice.engine.aggregate.AggregateOperations.groupingBy;
import static io.sluice.engine.aggregate.AggregateOperations.linearTrend;
import static io.sluice.engine.aggregate.AggregateOperations.sorting;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import static io.sluice.engine.aggregate.AggregateOperations.toMap;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The operations added for Jet parity inside real plans ({@link LocalDagRunner}: the job is
 * serialized, items are spread over several instances, partial accumulators cross edges and are
 * combined), against plain Java on random seeded input.
 */
@Timeout(60)
class AggregateOperationsPipelineTest {

    @Test
    void when_batchAggregationsRunInTwoStages_then_sameAsPlainJava() throws Exception {
        for (int seed = 0; seed < 5; seed++) {
            // Given
            Random random = new Random(seed);
            List<Integer> items = random.ints(500 + random.nextInt(500), -1000, 1000).boxed().collect(Collectors.toList());
            Pipeline p = Pipeline.create();
            BatchStage<Integer> numbers = p.readFrom(TestSources.itemsDistributed(items, 3));

            CollectingSink<KeyedResult<Integer, Map<Integer, Long>>> nested = TestSinks.collecting();
            numbers.groupingKey(i -> Math.floorMod(i, 4))
                   .aggregate(groupingBy((Integer i) -> Math.floorMod(i, 3), summingLong((Integer i) -> i)))
                   .writeTo(nested);

            AllOfAggregationBuilder<Integer> builder = allOfBuilder();
            Tag<Long> countTag = builder.add(counting());
            Tag<List<Integer>> sortedTag = builder.add(sorting(ComparatorEx.naturalOrder()));
            Tag<TreeMap<Integer, Long>> byLastDigit = builder.add(
                    toMap((Integer i) -> Math.floorMod(i, 10), (Integer i) -> (long) i, Long::sum, TreeMap::new));
            Tag<Long> digitCount = builder.add(flatMapping(
                    (Integer i) -> Traversers.traverseArray(Integer.toString(Math.abs(i)).split("")), counting()));
            CollectingSink<ItemsByTag> all = TestSinks.collecting();
            numbers.aggregate(builder.build()).writeTo(all);

            CollectingSink<Double> trend = TestSinks.collecting();
            numbers.aggregate(linearTrend((Integer i) -> i, (Integer i) -> 3L * i - Math.floorMod(i, 7))).writeTo(trend);

            // When
            LocalDagRunner.of(p.toDag()).defaultParallelism(3).batchSize(16).run();

            // Then
            Map<Integer, Map<Integer, Long>> expectedNested = items.stream().collect(Collectors.groupingBy(
                    i -> Math.floorMod(i, 4),
                    Collectors.groupingBy(i -> Math.floorMod(i, 3), Collectors.summingLong(i -> i))));
            assertEquals(expectedNested, nested.items().stream().collect(Collectors.toMap(KeyedResult::key, KeyedResult::value)),
                    "seed " + seed);

            ItemsByTag result = all.items().get(0);
            assertEquals(1, all.items().size());
            assertEquals(items.size(), result.get(countTag));
            assertEquals(items.stream().sorted().collect(Collectors.toList()), result.get(sortedTag));
            assertEquals(items.stream().collect(Collectors.groupingBy(i -> Math.floorMod(i, 10), TreeMap::new,
                    Collectors.summingLong(i -> (long) i))), result.get(byLastDigit));
            assertEquals(items.stream().mapToLong(i -> Integer.toString(Math.abs(i)).length()).sum(), result.get(digitCount));

            double meanX = items.stream().mapToDouble(i -> i).average().orElseThrow();
            double meanY = items.stream().mapToDouble(i -> 3.0 * i - Math.floorMod(i, 7)).average().orElseThrow();
            double sxy = items.stream().mapToDouble(i -> (i - meanX) * (3.0 * i - Math.floorMod(i, 7) - meanY)).sum();
            double sxx = items.stream().mapToDouble(i -> (i - meanX) * (i - meanX)).sum();
            assertEquals(sxy / sxx, trend.items().get(0), 1e-9, "seed " + seed);
        }
    }

    @Test
    void when_aggregateOperation2InKeyedTumblingWindows_then_eachInputToItsOperation() throws Exception {
        // Given: two event streams, in timestamp order per list, over 10 windows of 100 ms and 3 keys
        Random random = new Random(3);
        List<TimestampedItem<Integer>> visits = events(random, 400);
        List<TimestampedItem<Integer>> payments = events(random, 300);
        Pipeline p = Pipeline.create();
        StreamStage<Integer> visitStage = p.readFrom(TestSources.timestampedList(visits, 2)).withNativeTimestamps(0);
        StreamStage<Integer> paymentStage = p.readFrom(TestSources.timestampedList(payments, 2)).withNativeTimestamps(0);
        CollectingSink<KeyedWindowResult<Integer, Tuple2<Long, Long>>> sink = TestSinks.collecting();
        visitStage.groupingKey(v -> Math.floorMod(v, 3))
                  .window(WindowDefinition.tumbling(100))
                  .aggregate2(paymentStage.groupingKey(v -> Math.floorMod(v, 3)),
                          aggregateOperation2(counting(), summingLong((Integer v) -> v)))
                  .writeTo(sink);

        // When
        LocalDagRunner.of(p.toDag()).defaultParallelism(2).run();

        // Then
        Map<List<Long>, long[]> expected = new HashMap<>();
        for (TimestampedItem<Integer> e : visits) {
            expected.computeIfAbsent(windowAndKey(e), k -> new long[2])[0]++;
        }
        for (TimestampedItem<Integer> e : payments) {
            expected.computeIfAbsent(windowAndKey(e), k -> new long[2])[1] += e.item();
        }
        Set<KeyedWindowResult<Integer, Tuple2<Long, Long>>> expectedResults = new HashSet<>();
        expected.forEach((wk, counts) -> expectedResults.add(new KeyedWindowResult<>(wk.get(0), wk.get(0) + 100,
                (int) (long) wk.get(1), Tuple2.tuple2(counts[0], counts[1]))));
        assertEquals(expectedResults, new HashSet<>(sink.items()));
        assertEquals(expectedResults.size(), sink.items().size(), "one result per window and key");
    }

    private static List<TimestampedItem<Integer>> events(Random random, int n) {
        List<TimestampedItem<Integer>> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new TimestampedItem<>(random.nextInt(1000), random.nextInt(100)));
        }
        events.sort(Comparator.comparingLong(TimestampedItem::timestamp));
        return events;
    }

    private static List<Long> windowAndKey(TimestampedItem<Integer> e) {
        return List.of(e.timestamp() / 100 * 100, (long) Math.floorMod(e.item(), 3));
    }
}
