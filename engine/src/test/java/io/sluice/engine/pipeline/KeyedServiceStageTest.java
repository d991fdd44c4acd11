package io.sluice.engine.pipeline;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyed {@code mapUsingService} / {@code filterUsingService} / {@code flatMapUsingService}, batch and
 * stream: the function gets (service, key, item), and all items of a key reach one service instance.
 */
@Timeout(60)
class KeyedServiceStageTest {

    static Stream<Arguments> parallelismsAndBatchSizes() {
        List<Arguments> args = new ArrayList<>();
        for (int p : new int[] {1, 2, 4}) {
            for (int b : new int[] {1, 7, 1024}) {
                args.add(Arguments.of(p, b));
            }
        }
        return args.stream();
    }

    /** A per-instance service that remembers its instance and counts the items it saw per key. */
    static final class Counter {
        final int instance;
        final Map<String, Integer> seen = new HashMap<>();

        Counter(ProcessorContext ctx) {
            this.instance = ctx.globalIndex();
        }

        int next(String key) {
            return seen.merge(key, 1, Integer::sum);
        }
    }

    private static List<String> input(long seed, int n) {
        Random rnd = new Random(seed);
        List<String> input = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            input.add("k" + rnd.nextInt(23) + ":" + rnd.nextInt(1000));
        }
        return input;
    }

    private static String key(String item) {
        return item.substring(0, item.indexOf(':'));
    }

    private static int value(String item) {
        return Integer.parseInt(item.substring(item.indexOf(':') + 1));
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_keyedMapUsingService_then_eachKeyOnOneInstanceAndCountsMatch(int parallelism, int batchSize)
            throws Exception {
        // Given: the service numbers each key's items; if a key were split over instances the
        // numbers would restart and the per-key maximum would be too small
        List<String> input = input(1, 3000);
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(input, 2))
         .groupingKey(KeyedServiceStageTest::key)
         .mapUsingService(ServiceFactory.nonSharedService(Counter::new),
                 (c, k, item) -> k + "#" + c.next(k) + "@" + c.instance)
         .writeTo(sink);

        // When
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        // Then
        Map<String, Long> countPerKey = input.stream().collect(Collectors.groupingBy(KeyedServiceStageTest::key,
                TreeMap::new, Collectors.counting()));
        Map<String, Set<String>> numbers = new TreeMap<>();
        Map<String, Set<String>> instances = new HashMap<>();
        for (String out : sink.items()) {
            String k = out.substring(0, out.indexOf('#'));
            numbers.computeIfAbsent(k, x -> new HashSet<>()).add(out.substring(out.indexOf('#') + 1, out.indexOf('@')));
            instances.computeIfAbsent(k, x -> new HashSet<>()).add(out.substring(out.indexOf('@') + 1));
        }
        assertEquals(input.size(), sink.items().size());
        assertEquals(countPerKey.keySet(), numbers.keySet());
        countPerKey.forEach((k, count) -> {
            Set<String> expected = new HashSet<>();
            for (int i = 1; i <= count; i++) {
                expected.add(String.valueOf(i));
            }
            assertEquals(expected, numbers.get(k), k);
            assertEquals(1, instances.get(k).size(), k + " reached instances " + instances.get(k));
        });
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_keyedFilterAndFlatMapUsingService_then_asPlainJava(int parallelism, int batchSize) throws Exception {
        List<String> input = input(2, 2000);
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        ServiceFactory<Set<String>> blocked = ServiceFactory.sharedService(ctx -> Set.of("k1", "k2", "k3"));
        p.readFrom(TestSources.items(input))
         .groupingKey(KeyedServiceStageTest::key)
         .filterUsingService(blocked, (set, k, item) -> !set.contains(k) && value(item) % 3 != 0)
         .groupingKey(KeyedServiceStageTest::key)
         .flatMapUsingService(ServiceFactory.nonSharedService(ctx -> "svc"),
                 (s, k, item) -> value(item) % 2 == 0 ? Traversers.of(k, item) : null)
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        List<String> expected = new ArrayList<>();
        for (String item : input) {
            String k = key(item);
            if (!Set.of("k1", "k2", "k3").contains(k) && value(item) % 3 != 0 && value(item) % 2 == 0) {
                expected.add(k);
                expected.add(item);
            }
        }
        Collections.sort(expected);
        List<String> actual = new ArrayList<>(sink.items());
        Collections.sort(actual);
        assertEquals(expected, actual);
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_keyedServiceOnStream_then_timestampsKeptForWindows(int parallelism, int batchSize) throws Exception {
        Random rnd = new Random(3);
        List<TimestampedItem<String>> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(new TimestampedItem<>(i * 7L + rnd.nextInt(20), "k" + rnd.nextInt(5) + ":" + rnd.nextInt(100)));
        }
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<String, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(20)
         .groupingKey(KeyedServiceStageTest::key)
         .mapUsingService(ServiceFactory.nonSharedService(ctx -> 10), (ten, k, item) -> k + ":" + value(item) * ten)
         .groupingKey(KeyedServiceStageTest::key)
         .window(WindowDefinition.tumbling(500))
         .aggregate(AggregateOperations.summingLong(item -> (long) value(item)))
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        Map<String, Long> expected = new TreeMap<>();
        for (TimestampedItem<String> e : events) {
            expected.merge(key(e.item()) + "@" + (e.timestamp() / 500 * 500), value(e.item()) * 10L, Long::sum);
        }
        Map<String, Long> actual = new TreeMap<>();
        for (KeyedWindowResult<String, Long> r : sink.items()) {
            actual.merge(r.key() + "@" + r.start(), r.result(), Long::sum);
        }
        assertEquals(expected, actual);
    }

    @Test
    void when_keyedServiceGetsNullKey_then_clearError() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items("a", "b"))
         .groupingKey(s -> s.equals("b") ? null : s)
         .mapUsingService(ServiceFactory.nonSharedService(ctx -> 1), (one, k, s) -> s)
         .writeTo(TestSinks.collecting());
        NullPointerException e = assertThrows(NullPointerException.class, () -> LocalDagRunner.of(p.toDag()).run());
        assertTrue(e.getMessage().contains("mapUsingService") && e.getMessage().contains("returned null"), e.getMessage());
    }

    @Test
    void when_keyedServiceNullFactory_then_clearError() {
        Pipeline p = Pipeline.create();
        BatchStageWithKey<String, String> keyed = p.readFrom(TestSources.items("a")).groupingKey(s -> s);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> keyed.mapUsingService(null, (Object s, String k, String t) -> t));
        assertTrue(e.getMessage().contains("serviceFactory"), e.getMessage());
    }
}
