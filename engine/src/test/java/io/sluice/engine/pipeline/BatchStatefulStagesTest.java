package io.sluice.engine.pipeline;

import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch {@code mapStateful}, {@code filterStateful}, {@code flatMapStateful} and
 * {@code rollingAggregate}, global and keyed (with and without a state-deletion predicate), against
 * the same computation in plain Java on seeded random input, at parallelisms 1, 2, 4 and batch sizes
 * 1, 7, 1024. The source is a single instance, so a global stage sees the input order and each key's
 * items reach their instance in input order: the checks compare whole sequences (global) and each
 * key's sequence (keyed), not just multisets.
 */
@Timeout(120)
class BatchStatefulStagesTest {
    private static final int KEYS = 13;

    static Stream<Arguments> settings() {
        List<Arguments> list = new ArrayList<>();
        for (int parallelism : new int[]{1, 2, 4}) {
            for (int batchSize : new int[]{1, 7, 1024}) {
                list.add(Arguments.of(parallelism, batchSize));
            }
        }
        return list.stream();
    }

    private static List<Integer> input(long seed) {
        Random rnd = new Random(seed);
        List<Integer> list = new ArrayList<>();
        for (int i = 0, n = 1500 + rnd.nextInt(500); i < n; i++) {
            list.add(rnd.nextInt(10_000));
        }
        return list;
    }

    private static int key(int v) {
        return v % KEYS;
    }

    private static <T> List<T> run(Pipeline p, CollectingSink<T> sink, int parallelism, int batchSize) throws Exception {
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();
        return sink.items();
    }

    /** Each key's items in order of appearance. */
    private static <T> Map<Object, List<T>> byKey(List<T> items, Function<T, Object> keyFn) {
        Map<Object, List<T>> map = new HashMap<>();
        for (T t : items) {
            map.computeIfAbsent(keyFn.apply(t), k -> new ArrayList<>()).add(t);
        }
        return map;
    }

    // ---------------------------------------------------------------- keyed

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_keyedMapStateful_then_runningSumPerKey(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(1);
        Pipeline p = Pipeline.create();
        CollectingSink<List<Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(in))
         .groupingKey(BatchStatefulStagesTest::key)
         .mapStateful(LongAccumulator::new, (sum, k, v) -> List.of((long) k, (long) v, sum.add(v).get()))
         .writeTo(sink);

        Map<Integer, Long> sums = new HashMap<>();
        List<List<Long>> expected = new ArrayList<>();
        for (int v : in) {
            expected.add(List.of((long) key(v), (long) v, sums.merge(key(v), (long) v, Long::sum)));
        }
        assertEquals(byKey(expected, l -> l.get(0)), byKey(run(p, sink, parallelism, batchSize), l -> l.get(0)));
    }

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_keyedFilterStateful_then_firstThreeAndEveryFifthPerKey(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(2);
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(in))
         .groupingKey(BatchStatefulStagesTest::key)
         .filterStateful(LongAccumulator::new, (count, v) -> {
             long c = count.add(1).get();
             return c <= 3 || c % 5 == 0;
         })
         .writeTo(sink);

        Map<Integer, Long> counts = new HashMap<>();
        List<Integer> expected = new ArrayList<>();
        for (int v : in) {
            long c = counts.merge(key(v), 1L, Long::sum);
            if (c <= 3 || c % 5 == 0) {
                expected.add(v);
            }
        }
        assertEquals(byKey(expected, v -> key(v)), byKey(run(p, sink, parallelism, batchSize), v -> key(v)));
    }

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_keyedFlatMapStateful_then_markerAfterEveryFourthPerKey(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(3);
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(in))
         .groupingKey(BatchStatefulStagesTest::key)
         .flatMapStateful(LongAccumulator::new, (count, k, v) -> count.add(1).get() % 4 == 0
                 ? Traversers.of(k + ":" + v, k + ":marker" + count.get())
                 : Traversers.singleton(k + ":" + v))
         .writeTo(sink);

        Map<Integer, Long> counts = new HashMap<>();
        List<String> expected = new ArrayList<>();
        for (int v : in) {
            long c = counts.merge(key(v), 1L, Long::sum);
            expected.add(key(v) + ":" + v);
            if (c % 4 == 0) {
                expected.add(key(v) + ":marker" + c);
            }
        }
        Function<String, Object> keyOf = s -> s.substring(0, s.indexOf(':'));
        assertEquals(byKey(expected, keyOf), byKey(run(p, sink, parallelism, batchSize), keyOf));
    }

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_keyedRollingAggregate_then_runningSumPerKey(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(4);
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedResult<Integer, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(in))
         .groupingKey(BatchStatefulStagesTest::key)
         .rollingAggregate(AggregateOperations.summingLong(v -> v))
         .writeTo(sink);

        Map<Integer, Long> sums = new HashMap<>();
        List<KeyedResult<Integer, Long>> expected = new ArrayList<>();
        for (int v : in) {
            expected.add(KeyedResult.of(key(v), sums.merge(key(v), (long) v, Long::sum)));
        }
        assertEquals(byKey(expected, KeyedResult::key), byKey(run(p, sink, parallelism, batchSize), KeyedResult::key));
    }

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_keyedMapStatefulWithDeletion_then_stateRestartsAfterDeletion(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(5);
        Pipeline p = Pipeline.create();
        CollectingSink<List<Long>> sink = TestSinks.collecting();
        // a "session" per key ends at a value divisible by 7: its count restarts after it
        p.readFrom(TestSources.items(in))
         .groupingKey(BatchStatefulStagesTest::key)
         .mapStateful(() -> new long[2],
                 (st, k, v) -> {
                     st[0]++;
                     st[1] = v % 7 == 0 ? 1 : 0;
                     return List.of((long) k, st[0]);
                 },
                 st -> st[1] == 1)
         .writeTo(sink);

        Map<Integer, Long> counts = new HashMap<>();
        List<List<Long>> expected = new ArrayList<>();
        for (int v : in) {
            long c = counts.merge(key(v), 1L, Long::sum);
            expected.add(List.of((long) key(v), c));
            if (v % 7 == 0) {
                counts.remove(key(v));
            }
        }
        assertTrue(expected.stream().anyMatch(l -> l.get(1) == 1L) && in.stream().anyMatch(v -> v % 7 == 0));
        assertEquals(byKey(expected, l -> l.get(0)), byKey(run(p, sink, parallelism, batchSize), l -> l.get(0)));
    }

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_keyedFilterAndFlatMapStatefulWithDeletion_then_sameAsReference(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(6);
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> filtered = TestSinks.collecting();
        CollectingSink<String> flatMapped = TestSinks.collecting();
        BatchStageWithKey<Integer, Integer> keyed = p.readFrom(TestSources.items(in)).groupingKey(BatchStatefulStagesTest::key);
        // keep the items of a key until 3 were kept, then forget (the next one is kept again)
        keyed.filterStateful(LongAccumulator::new, (count, v) -> v % 2 == 0 && count.add(1).get() > 0,
                     count -> count.get() == 3)
             .writeTo(filtered);
        // emit the key's running count and, when the state is about to go, "bye"
        keyed.flatMapStateful(LongAccumulator::new, (count, k, v) -> count.add(1).get() == 4
                     ? Traversers.of(k + ":" + count.get(), k + ":bye") : Traversers.singleton(k + ":" + count.get()),
                     count -> count.get() == 4)
             .writeTo(flatMapped);

        Map<Integer, Long> kept = new HashMap<>();
        Map<Integer, Long> seen = new HashMap<>();
        List<Integer> expectedFiltered = new ArrayList<>();
        List<String> expectedFlat = new ArrayList<>();
        for (int v : in) {
            int k = key(v);
            if (v % 2 == 0) {
                expectedFiltered.add(v);
                if (kept.merge(k, 1L, Long::sum) == 3) {
                    kept.remove(k);
                }
            }
            long c = seen.merge(k, 1L, Long::sum);
            expectedFlat.add(k + ":" + c);
            if (c == 4) {
                expectedFlat.add(k + ":bye");
                seen.remove(k);
            }
        }
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();
        assertEquals(byKey(expectedFiltered, v -> key(v)), byKey(filtered.items(), v -> key(v)));
        Function<String, Object> keyOf = s -> s.substring(0, s.indexOf(':'));
        assertEquals(byKey(expectedFlat, keyOf), byKey(flatMapped.items(), keyOf));
    }

    // ---------------------------------------------------------------- global

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_globalStatefulStages_then_sameSequenceAsReference(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(7);
        Pipeline p = Pipeline.create();
        CollectingSink<Long> mapped = TestSinks.collecting();
        CollectingSink<Integer> filtered = TestSinks.collecting();
        CollectingSink<String> flatMapped = TestSinks.collecting();
        CollectingSink<Long> rolling = TestSinks.collecting();
        BatchStage<Integer> src = p.readFrom(TestSources.items(in));
        // index * 100_000 + value: checks that one state sees every item in order
        src.mapStateful(LongAccumulator::new, (counter, v) -> (counter.add(1).get() - 1) * 100_000 + v).writeTo(mapped);
        // keep the items greater than the maximum so far
        src.filterStateful(() -> new int[]{-1}, (max, v) -> {
            boolean greater = v > max[0];
            max[0] = Math.max(max[0], v);
            return greater;
        }).writeTo(filtered);
        // pairs of consecutive items
        src.flatMapStateful(() -> new Integer[1], (prev, v) -> {
            Traverser<String> t = prev[0] == null ? Traversers.empty() : Traversers.singleton(prev[0] + "," + v);
            prev[0] = v;
            return t;
        }).writeTo(flatMapped);
        src.rollingAggregate(AggregateOperations.summingLong(v -> v)).writeTo(rolling);

        List<Long> expMapped = new ArrayList<>();
        List<Integer> expFiltered = new ArrayList<>();
        List<String> expFlat = new ArrayList<>();
        List<Long> expRolling = new ArrayList<>();
        int max = -1;
        long sum = 0;
        for (int i = 0; i < in.size(); i++) {
            int v = in.get(i);
            expMapped.add(i * 100_000L + v);
            if (v > max) {
                expFiltered.add(v);
                max = v;
            }
            if (i > 0) {
                expFlat.add(in.get(i - 1) + "," + v);
            }
            sum += v;
            expRolling.add(sum);
        }
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();
        assertEquals(expMapped, mapped.items());
        assertEquals(expFiltered, filtered.items());
        assertEquals(expFlat, flatMapped.items());
        assertEquals(expRolling, rolling.items());
    }

    @Test
    void when_globalRollingAggregate_then_jetDocExample() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Long> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(2, 7, 8, -5)).rollingAggregate(AggregateOperations.summingLong(v -> v)).writeTo(sink);
        assertEquals(List.of(2L, 9L, 17L, 12L), run(p, sink, 4, 1));
    }

    // ---------------------------------------------------------------- plan and bad input

    @Test
    void when_planned_then_globalIsOneInstanceAllToOne_keyedIsPartitioned() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.itemsDistributed(input(8), 2));
        src.mapStateful(LongAccumulator::new, (a, v) -> v).setName("global").writeTo(TestSinks.collecting());
        src.groupingKey(BatchStatefulStagesTest::key).rollingAggregate(AggregateOperations.counting()).setName("keyed")
           .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(1, dag.vertex("global").localParallelism());
        Map<String, RoutingPolicy> routing = new LinkedHashMap<>();
        for (Edge e : dag.edges()) {
            routing.put(e.destination().name(), e.routing());
        }
        assertEquals(RoutingPolicy.ALL_TO_ONE, routing.get("global"));
        assertEquals(RoutingPolicy.PARTITIONED, routing.get("keyed"));
    }

    @Test
    void when_badArguments_then_clearErrors() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1, 2, 3));
        BatchStageWithKey<Integer, Integer> keyed = src.groupingKey(v -> v);
        assertEquals("deleteStateFn must not be null", assertThrows(NullPointerException.class,
                () -> keyed.mapStateful(LongAccumulator::new, (a, k, v) -> v, null)).getMessage());
        assertEquals("createFn must not be null", assertThrows(NullPointerException.class,
                () -> src.mapStateful(null, (a, v) -> v)).getMessage());
        assertEquals("filterFn must not be null", assertThrows(NullPointerException.class,
                () -> keyed.filterStateful(LongAccumulator::new, null)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> src.filterStateful(LongAccumulator::new, (a, v) -> true).setLocalParallelism(2));
        assertTrue(e.getMessage().contains("can only be 1 or -1"), e.getMessage());
        java.io.ByteArrayOutputStream notSerializable = new java.io.ByteArrayOutputStream();
        e = assertThrows(IllegalArgumentException.class,
                () -> keyed.mapStateful(LongAccumulator::new, (a, k, v) -> v, a -> notSerializable.size() > 0));
        assertTrue(e.getMessage().startsWith("deleteStateFn is not serializable"), e.getMessage());
    }
}
