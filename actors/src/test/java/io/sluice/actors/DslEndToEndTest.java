package io.sluice.actors;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every batch DSL operation on the real runtime (an embedded node with parallelism 2), checked
 * against the same computation in plain Java.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DslEndToEndTest {
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("dsl-e2e").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static final List<Integer> NUMBERS = IntStream.range(0, 20_000).boxed().toList();

    private static List<Integer> shuffledNumbers(long seed) {
        List<Integer> list = new ArrayList<>(NUMBERS);
        java.util.Collections.shuffle(list, new Random(seed));
        return list;
    }

    private static <T> List<T> run(Pipeline p, CollectingSink<T> sink) {
        sluice.newJob(p, new JobConfig().setBatchSize(256)).join();
        return sink.items();
    }

    private static <T extends Comparable<T>> List<T> sorted(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }

    @Test
    void when_statelessChain_then_sameAsStreams() {
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        io.sluice.engine.function.PredicateEx<Object> notNull = o -> o != null; // a predicate on a supertype
        p.readFrom(TestSources.itemsDistributed(NUMBERS, 2))
         .map(i -> i * 3)
         .filter(notNull)
         .filter(i -> i % 2 == 0)
         .flatMap(i -> Traversers.of("a" + i, "b" + i))
         .map(s -> s.startsWith("b") && s.endsWith("0") ? null : s) // null result drops the item
         .writeTo(sink);

        List<String> expected = NUMBERS.stream().map(i -> i * 3).filter(i -> i % 2 == 0)
                .flatMap(i -> java.util.stream.Stream.of("a" + i, "b" + i))
                .filter(s -> !(s.startsWith("b") && s.endsWith("0"))).toList();
        assertEquals(sorted(expected), sorted(run(p, sink)));
    }

    @Test
    void when_groupingKeyAggregate_then_countsPerKey() {
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedResult<Integer, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(shuffledNumbers(1), 2))
         .groupingKey(i -> i % 97)
         .aggregate(AggregateOperations.summingLong(i -> i))
         .writeTo(sink);

        Map<Integer, Long> expected = NUMBERS.stream().collect(Collectors.groupingBy(i -> i % 97, Collectors.summingLong(i -> i)));
        Map<Integer, Long> actual = new HashMap<>();
        for (KeyedResult<Integer, Long> r : run(p, sink)) {
            assertEquals(null, actual.put(r.key(), r.value()), "key " + r.key() + " emitted twice");
        }
        assertEquals(expected, actual);
    }

    @Test
    void when_cascadeOfAggregations_then_histogramOfCounts() {
        // count per key, then re-key by the count and count how many keys have each count
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedResult<Long, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(shuffledNumbers(2), 2))
         .groupingKey(i -> i % 1000 < 300 ? i % 10 : i % 1000)
         .aggregate(AggregateOperations.counting())
         .groupingKey(KeyedResult::value)
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);

        Map<Integer, Long> perKey = NUMBERS.stream()
                .collect(Collectors.groupingBy(i -> i % 1000 < 300 ? i % 10 : i % 1000, Collectors.counting()));
        Map<Long, Long> expected = perKey.values().stream().collect(Collectors.groupingBy(c -> c, Collectors.counting()));
        Map<Long, Long> actual = run(p, sink).stream().collect(Collectors.toMap(KeyedResult::key, KeyedResult::value));
        assertEquals(expected, actual);
    }

    @Test
    void when_globalAggregate_then_oneResult_alsoForEmptyInput() {
        Pipeline p = Pipeline.create();
        CollectingSink<Tuple2<Long, Double>> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(NUMBERS, 2))
         .aggregate(AggregateOperations.allOf(AggregateOperations.counting(), AggregateOperations.averagingLong(i -> i)))
         .writeTo(sink);
        assertEquals(List.of(new Tuple2<>(20_000L, 9999.5)), run(p, sink));

        Pipeline empty = Pipeline.create();
        CollectingSink<Long> emptySink = TestSinks.collecting();
        empty.readFrom(TestSources.<Integer>itemsDistributed(List.of(), 2))
             .aggregate(AggregateOperations.counting())
             .writeTo(emptySink);
        assertEquals(List.of(0L), run(empty, emptySink));
    }

    @Test
    void when_distinctAndSort_then_uniqueAndOrdered() {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(shuffledNumbers(3), 2))
         .map(i -> i % 5000)
         .distinct()
         .sort(Comparator.<Integer>reverseOrder()::compare)
         .writeTo(sink);

        List<Integer> expected = IntStream.range(0, 5000).boxed().sorted(Comparator.reverseOrder()).toList();
        assertEquals(expected, run(p, sink), "sorted output is written by one instance, in order");
    }

    @Test
    void when_distinctByKey_then_oneItemPerKey() {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(NUMBERS, 2))
         .groupingKey(i -> i % 37)
         .distinct()
         .writeTo(sink);
        List<Integer> out = run(p, sink);
        assertEquals(37, out.size());
        assertEquals(37, out.stream().map(i -> i % 37).distinct().count());
    }

    @Test
    void when_mergeAndFork_then_eachBranchSeesEverything() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> evens = p.readFrom(TestSources.itemsDistributed(NUMBERS, 2)).filter(i -> i % 2 == 0);
        BatchStage<Integer> odds = p.readFrom(TestSources.items(NUMBERS)).filter(i -> i % 2 == 1);
        BatchStage<Integer> all = evens.merge(odds);
        CollectingSink<Integer> copy = TestSinks.collecting();
        CollectingSink<Long> count = TestSinks.collecting();
        all.writeTo(copy);                                             // fork: branch 1
        all.aggregate(AggregateOperations.counting()).writeTo(count);  // fork: branch 2

        sluice.newJob(p, new JobConfig()).join();
        assertEquals(NUMBERS, sorted(copy.items()));
        assertEquals(List.of(20_000L), count.items());
    }

    @Test
    void when_hashJoin_then_enrichedLeftOuter_andInnerDropsUnmatched() {
        List<KeyedResult<Integer, String>> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            names.add(KeyedResult.of(i, "n" + i));
        }
        names.add(KeyedResult.of(7, "seven")); // a duplicate key: one output per match
        Pipeline p = Pipeline.create();
        BatchStage<KeyedResult<Integer, String>> side = p.readFrom(TestSources.items(names));
        CollectingSink<String> outer = TestSinks.collecting();
        CollectingSink<String> inner = TestSinks.collecting();
        BatchStage<Integer> left = p.readFrom(TestSources.itemsDistributed(IntStream.range(0, 100).boxed().toList(), 2));
        left.hashJoin(side, JoinClause.joinMapEntries(i -> i), (i, name) -> i + ":" + name).writeTo(outer);
        left.innerHashJoin(side, JoinClause.joinMapEntries(i -> i), (i, name) -> i + ":" + name).writeTo(inner);

        sluice.newJob(p, new JobConfig()).join();
        List<String> expectedInner = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expectedInner.add(i + ":n" + i);
        }
        expectedInner.add("7:seven");
        List<String> expectedOuter = new ArrayList<>(expectedInner);
        for (int i = 50; i < 100; i++) {
            expectedOuter.add(i + ":null");
        }
        assertEquals(sorted(expectedInner), sorted(inner.items()));
        assertEquals(sorted(expectedOuter), sorted(outer.items()));
    }

    @Test
    void when_mapUsingService_then_serviceCreatedPerInstanceOrShared() {
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        ServiceFactory<Map<Integer, String>> lookup = ServiceFactory.sharedService(ctx -> {
            Map<Integer, String> m = new TreeMap<>();
            for (int i = 0; i < 10; i++) {
                m.put(i, "digit-" + i);
            }
            return m;
        });
        p.readFrom(TestSources.itemsDistributed(NUMBERS.subList(0, 1000), 2))
         .rebalance()
         .mapUsingService(lookup, (m, i) -> m.get(i % 10))
         .setLocalParallelism(2)
         .writeTo(sink);
        List<String> out = run(p, sink);
        assertEquals(1000, out.size());
        assertEquals(100, out.stream().filter("digit-3"::equals).count());
    }

    @Test
    void when_rebalanceByKey_then_allItemsArrive() {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(NUMBERS))
         .rebalance(i -> i % 13)
         .map(i -> i + 1)
         .writeTo(sink);
        assertEquals(IntStream.rangeClosed(1, 20_000).boxed().toList(), sorted(run(p, sink)));
    }

    @Test
    void when_userFunctionThrows_then_jobFailsWithThatException() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.itemsDistributed(NUMBERS, 2))
         .map(i -> {
             if (i == 12_345) {
                 throw new IllegalStateException("bad record 12345");
             }
             return i;
         })
         .writeTo(TestSinks.collecting());
        JobFailedException e = assertThrows(JobFailedException.class, () -> sluice.newJob(p, new JobConfig()).join());
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
        assertEquals("bad record 12345", e.getCause().getMessage());
    }

    @Test
    void when_pipelineHasNoSink_then_newJobFailsFast() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1, 2, 3)).map(i -> i);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sluice.newJob(p, new JobConfig()));
        assertTrue(e.getMessage().contains("sink"), e.getMessage());
    }

    @Test
    void when_largeAggregationWithSmallBatches_then_exact() {
        // many keys and tiny batches: exercises backpressure and paced final emission
        Random random = new Random(42);
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            values.add((long) random.nextInt(50_000));
        }
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedResult<Long, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(values, 2))
         .groupingKey(v -> v)
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);
        sluice.newJob(p, new JobConfig().setBatchSize(7)).join();
        Map<Long, Long> expected = values.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
        Map<Long, Long> actual = sink.items().stream().collect(Collectors.toMap(KeyedResult::key, KeyedResult::value));
        assertEquals(expected, actual);
    }

    @Test
    void when_coAggregating_then_sameAsPlainJava_inTwoStagesAndSingleStage() {
        // Given: evens keyed by i / 2 % 100, odds by i / 2 % 150 (keys 100..149 only in the odd input)
        List<Integer> evens = shuffledNumbers(5).stream().filter(i -> i % 2 == 0).toList();
        List<Integer> odds = shuffledNumbers(6).stream().filter(i -> i % 2 == 1).toList();
        Pipeline p = Pipeline.create();
        BatchStage<Integer> evenStage = p.readFrom(TestSources.itemsDistributed(evens, 2));
        BatchStage<Integer> oddStage = p.readFrom(TestSources.itemsDistributed(odds, 2));
        // two stages: both operations combine
        CollectingSink<KeyedResult<Integer, Tuple2<Long, Long>>> keyed = TestSinks.collecting();
        evenStage.groupingKey(i -> i / 2 % 100)
                 .aggregate2(AggregateOperations.counting(), oddStage.groupingKey(i -> i / 2 % 150),
                         AggregateOperations.summingLong(i -> i))
                 .writeTo(keyed);
        // single stage: the operation has no combineFn, so every item goes to its key's instance
        io.sluice.engine.aggregate.AggregateOperation1<Integer, long[], Long> maxNoCombine =
                io.sluice.engine.aggregate.AggregateOperation.withCreate(() -> new long[]{Long.MIN_VALUE})
                        .<Integer>andAccumulate((acc, i) -> acc[0] = Math.max(acc[0], i))
                        .andExportFinish(acc -> acc[0]);
        CollectingSink<KeyedResult<Integer, Tuple2<Long, Long>>> singleStage = TestSinks.collecting();
        evenStage.groupingKey(i -> i / 2 % 100)
                 .aggregate2(maxNoCombine, oddStage.groupingKey(i -> i / 2 % 150), AggregateOperations.counting())
                 .writeTo(singleStage);
        CollectingSink<Tuple2<Long, Long>> global = TestSinks.collecting();
        evenStage.aggregate2(maxNoCombine, oddStage, AggregateOperations.counting()).writeTo(global);

        // When
        sluice.newJob(p, new JobConfig().setBatchSize(256)).join();

        // Then
        Map<Integer, Tuple2<Long, Long>> expectedKeyed = new HashMap<>();
        Map<Integer, Tuple2<Long, Long>> expectedSingle = new HashMap<>();
        for (int k = 0; k < 150; k++) {
            int key = k;
            long evenCount = evens.stream().filter(i -> i / 2 % 100 == key).count();
            long evenMax = evens.stream().filter(i -> i / 2 % 100 == key).mapToLong(i -> i).max().orElse(Long.MIN_VALUE);
            long oddSum = odds.stream().filter(i -> i / 2 % 150 == key).mapToLong(i -> i).sum();
            long oddCount = odds.stream().filter(i -> i / 2 % 150 == key).count();
            expectedKeyed.put(k, new Tuple2<>(evenCount, oddSum));
            expectedSingle.put(k, new Tuple2<>(evenMax, oddCount));
        }
        assertEquals(expectedKeyed, toMapOnce(keyed.items()));
        assertEquals(expectedSingle, toMapOnce(singleStage.items()));
        assertEquals(List.of(new Tuple2<>(19_998L, (long) odds.size())), global.items());
    }

    private static <K, V> Map<K, V> toMapOnce(List<KeyedResult<K, V>> results) {
        Map<K, V> map = new HashMap<>();
        for (KeyedResult<K, V> r : results) {
            assertEquals(null, map.put(r.key(), r.value()), "key " + r.key() + " emitted twice");
        }
        return map;
    }
}
