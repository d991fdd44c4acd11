package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.impl.processor.AsyncServiceP;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mapUsingServiceAsync} and {@code mapUsingServiceAsyncBatched}, keyed and not, batch and
 * stream: futures complete on another executor after random delays; results are checked against
 * plain Java on seeded random input at parallelisms 1, 2, 4 and batch sizes 1, 7, 1024.
 */
@Timeout(120)
class AsyncServiceStageTest {
    private static final int N = 1500;

    static Stream<Arguments> parallelismsAndBatchSizes() {
        List<Arguments> args = new ArrayList<>();
        for (int p : new int[] {1, 2, 4}) {
            for (int b : new int[] {1, 7, 1024}) {
                args.add(Arguments.of(p, b));
            }
        }
        return args.stream();
    }

    @BeforeEach
    void forgetServices() {
        FakeAsyncService.CREATED.clear();
    }

    private static List<Integer> shuffledInput(long seed) {
        List<Integer> input = IntStream.range(0, N).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(input, new Random(seed));
        return input;
    }

    private static <T extends Comparable<T>> List<T> sorted(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    /** Ordered output: within each instance's output (contiguous in LocalDagRunner) the input indexes only grow. */
    private static int descents(List<Integer> indexes) {
        int d = 0;
        for (int i = 1; i < indexes.size(); i++) {
            if (indexes.get(i) < indexes.get(i - 1)) {
                d++;
            }
        }
        return d;
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_orderPreserved_then_resultsInInputOrderAndInFlightBounded(int parallelism, int batchSize) throws Exception {
        // Given: item i at input position pos; multiples of 5 map to null (filtered out)
        List<Integer> input = shuffledInput(42);
        Map<Integer, Integer> position = new HashMap<>();
        for (int pos = 0; pos < input.size(); pos++) {
            position.put(input.get(pos), pos);
        }
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input))
         .mapUsingServiceAsync(FakeAsyncService.factory(), 3, true,
                 (s, x) -> s.call(() -> x % 5 == 0 ? null : x * 2))
         .writeTo(sink);

        // When
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        // Then
        List<Integer> expected = input.stream().filter(x -> x % 5 != 0).map(x -> x * 2).collect(Collectors.toList());
        assertEquals(sorted(expected), sorted(sink.items()));
        List<Integer> positions = sink.items().stream().map(x -> position.get(x / 2)).collect(Collectors.toList());
        assertTrue(descents(positions) <= parallelism - 1,
                "order not kept: " + descents(positions) + " descents in the output positions");
        assertTrue(FakeAsyncService.maxOutstandingOverAll() <= 3, "more than 3 requests in flight: "
                + FakeAsyncService.maxOutstandingOverAll());
        assertTrue(FakeAsyncService.maxOutstandingOverAll() >= 2, "requests never overlapped");
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_orderNotPreserved_then_sameMultisetAndInFlightBounded(int parallelism, int batchSize) throws Exception {
        List<Integer> input = shuffledInput(7);
        input.addAll(input.subList(0, 100)); // duplicates: a multiset, not a set
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input))
         .mapUsingServiceAsync(FakeAsyncService.factory(), 5, false,
                 (s, x) -> x % 7 == 3 ? null : s.call(() -> "v" + (x + 1)))
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        List<String> expected = input.stream().filter(x -> x % 7 != 3).map(x -> "v" + (x + 1)).collect(Collectors.toList());
        assertEquals(sorted(expected), sorted(sink.items()));
        assertTrue(FakeAsyncService.maxOutstandingOverAll() <= 5, "more than 5 requests in flight: "
                + FakeAsyncService.maxOutstandingOverAll());
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_defaults_then_fourInFlightAndOrdered(int parallelism, int batchSize) throws Exception {
        List<Integer> input = shuffledInput(3);
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input))
         .mapUsingServiceAsync(FakeAsyncService.factory(), (s, x) -> s.call(() -> x))
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        assertEquals(sorted(input), sorted(sink.items()));
        Map<Integer, Integer> position = new HashMap<>();
        for (int pos = 0; pos < input.size(); pos++) {
            position.put(input.get(pos), pos);
        }
        assertTrue(descents(sink.items().stream().map(position::get).collect(Collectors.toList())) <= parallelism - 1);
        assertTrue(FakeAsyncService.maxOutstandingOverAll() <= 4);
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_keyed_then_perKeyOrderKeptAndEachKeyOnOneInstance(int parallelism, int batchSize) throws Exception {
        // Given: items (key, seq); keys 0..16
        Random rnd = new Random(11);
        List<String> input = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            input.add(rnd.nextInt(17) + ":" + i);
        }
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input))
         .groupingKey(s -> s.substring(0, s.indexOf(':')))
         .mapUsingServiceAsync(FakeAsyncService.factory(), 4, true,
                 (svc, key, item) -> svc.call(() -> key + ":" + item.substring(item.indexOf(':') + 1) + "@" + svc.instance))
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        Map<String, List<String>> expectedPerKey = new TreeMap<>();
        for (String s : input) {
            expectedPerKey.computeIfAbsent(s.substring(0, s.indexOf(':')), k -> new ArrayList<>()).add(s);
        }
        Map<String, List<String>> actualPerKey = new TreeMap<>();
        Map<String, java.util.Set<String>> instancesPerKey = new HashMap<>();
        for (String out : sink.items()) {
            String key = out.substring(0, out.indexOf(':'));
            actualPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(out.substring(0, out.indexOf('@')));
            instancesPerKey.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(out.substring(out.indexOf('@') + 1));
        }
        assertEquals(expectedPerKey, actualPerKey);
        instancesPerKey.forEach((key, instances) -> assertEquals(1, instances.size(), key + " on " + instances));
        assertTrue(FakeAsyncService.maxOutstandingOverAll() <= 4);
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_batched_then_listsBoundedAndResultsInOrder(int parallelism, int batchSize) throws Exception {
        List<Integer> input = shuffledInput(5);
        Map<Integer, Integer> position = new HashMap<>();
        for (int pos = 0; pos < input.size(); pos++) {
            position.put(input.get(pos), pos);
        }
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input))
         .mapUsingServiceAsyncBatched(FakeAsyncService.factory(), 10,
                 (s, list) -> s.callList(list, () -> list.stream().map(x -> x % 4 == 1 ? null : x)
                                                        .collect(Collectors.toList())))
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        List<Integer> expected = input.stream().filter(x -> x % 4 != 1).collect(Collectors.toList());
        assertEquals(sorted(expected), sorted(sink.items()));
        assertTrue(descents(sink.items().stream().map(position::get).collect(Collectors.toList())) <= parallelism - 1);
        int maxList = FakeAsyncService.CREATED.stream().mapToInt(s -> s.maxListSize.get()).max().orElse(0);
        assertTrue(maxList <= 10 && maxList >= 1, "list size " + maxList);
        assertTrue(FakeAsyncService.maxOutstandingOverAll() <= 4);
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_keyedBatched_then_keysMatchItems(int parallelism, int batchSize) throws Exception {
        List<Integer> input = shuffledInput(9);
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input))
         .groupingKey(x -> x % 13)
         .mapUsingServiceAsyncBatched(FakeAsyncService.factory(), 6,
                 (s, keys, items) -> s.callList(items, () -> {
                     List<String> out = new ArrayList<>();
                     for (int i = 0; i < items.size(); i++) {
                         out.add(keys.get(i) + "/" + items.get(i));
                     }
                     return out;
                 }))
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        List<String> expected = input.stream().map(x -> (x % 13) + "/" + x).collect(Collectors.toList());
        assertEquals(sorted(expected), sorted(sink.items()));
    }

    @Test
    void when_sharedService_then_oneServiceForAllInstancesAndBoundPerInstance() throws Exception {
        List<Integer> input = shuffledInput(8);
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input))
         .mapUsingServiceAsync(ServiceFactory.sharedService(FakeAsyncService::create), 2, true, (s, x) -> s.call(() -> x))
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(4).batchSize(16).run();

        assertEquals(sorted(input), sorted(sink.items()));
        assertEquals(1, FakeAsyncService.CREATED.size(), "one shared service per vertex and JVM");
        // LocalDagRunner runs the instances one after another, so the shared service sees one instance's requests at a time
        assertTrue(FakeAsyncService.maxOutstandingOverAll() <= 2);
    }

    @Test
    void when_futureFails_then_jobFailsNamingTheStage() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(shuffledInput(1)))
         .mapUsingServiceAsync(FakeAsyncService.factory(), (s, x) -> s.call(() -> {
             if (x == 137) {
                 throw new IllegalArgumentException("no such id: 137");
             }
             return x;
         }))
         .setName("enrich")
         .writeTo(TestSinks.collecting());

        Exception e = assertThrows(Exception.class, () -> LocalDagRunner.of(p.toDag()).defaultParallelism(2).run());

        assertInstanceOf(AsyncServiceP.AsyncServiceException.class, e);
        assertTrue(e.getMessage().contains("'enrich'") && e.getMessage().contains("no such id: 137"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void when_batchedResultHasWrongSize_then_clearError() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(shuffledInput(1)))
         .mapUsingServiceAsyncBatched(FakeAsyncService.factory(), 5, (s, list) -> s.call(() -> List.of(1)))
         .writeTo(TestSinks.collecting());

        Exception e = assertThrows(IllegalStateException.class,
                () -> LocalDagRunner.of(p.toDag()).defaultParallelism(1).batchSize(64).run());
        assertTrue(e.getMessage().contains("one result per input item"), e.getMessage());
    }

    @Test
    void when_badArguments_then_clearErrors() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> s = p.readFrom(TestSources.items(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.mapUsingServiceAsync(FakeAsyncService.factory(), 0, true, (svc, x) -> svc.call(() -> x)));
        assertTrue(e.getMessage().contains("maxConcurrentOps must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> s.mapUsingServiceAsyncBatched(FakeAsyncService.factory(), 0, (svc, l) -> svc.call(() -> l)));
        assertTrue(e.getMessage().contains("maxBatchSize must be positive"), e.getMessage());
        assertThrows(NullPointerException.class,
                () -> s.mapUsingServiceAsync(null, (FakeAsyncService svc, Integer x) -> svc.call(() -> x)));
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_streamWithWindowsAfterAsyncStage_then_noItemOvertakenByWatermark(int parallelism, int batchSize)
            throws Exception {
        // Given: out-of-order timestamps within the allowed lag, so no item is late unless a
        // watermark overtakes it in the async stage (unordered: results come back shuffled)
        Random rnd = new Random(99);
        long lag = 50;
        List<TimestampedItem<Integer>> events = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            events.add(new TimestampedItem<>(i * 3L + rnd.nextInt((int) lag), rnd.nextInt(1000)));
        }
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(lag)
         .mapUsingServiceAsync(FakeAsyncService.factory(), 4, false, (s, x) -> s.call(() -> x))
         .groupingKey(x -> x % 3)
         .window(WindowDefinition.tumbling(100))
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        Map<String, Long> expected = new TreeMap<>();
        for (TimestampedItem<Integer> e : events) {
            long start = Math.floorDiv(e.timestamp(), 100) * 100;
            expected.merge((e.item() % 3) + "@" + start, 1L, Long::sum);
        }
        Map<String, Long> actual = new TreeMap<>();
        for (KeyedWindowResult<Integer, Long> r : sink.items()) {
            actual.merge(r.key() + "@" + r.start(), r.result(), Long::sum);
        }
        assertEquals(expected, actual);
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_keyedStreamAsync_then_timestampsKept(int parallelism, int batchSize) throws Exception {
        Random rnd = new Random(5);
        List<TimestampedItem<Integer>> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(new TimestampedItem<>(i * 10L, rnd.nextInt(100)));
        }
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(events, 1)).withNativeTimestamps(0)
         .groupingKey(x -> x % 5)
         .mapUsingServiceAsyncBatched(FakeAsyncService.factory(), 8,
                 (s, keys, items) -> s.callList(items, () -> new ArrayList<>(items)))
         .groupingKey(x -> x % 5)
         .window(WindowDefinition.tumbling(1000))
         .aggregate(AggregateOperations.summingLong(x -> x))
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        Map<String, Long> expected = new TreeMap<>();
        for (TimestampedItem<Integer> e : events) {
            expected.merge((e.item() % 5) + "@" + (e.timestamp() / 1000 * 1000), (long) e.item(), Long::sum);
        }
        Map<String, Long> actual = new TreeMap<>();
        for (KeyedWindowResult<Integer, Long> r : sink.items()) {
            actual.merge(r.key() + "@" + r.start(), r.result(), Long::sum);
        }
        assertEquals(expected, actual);
    }
}
