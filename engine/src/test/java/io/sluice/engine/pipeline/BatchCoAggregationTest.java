package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.aggregate.CoAggregateOperationBuilder;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation2;
import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation3;
import static io.sluice.engine.aggregate.AggregateOperations.coAggregateOperationBuilder;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch co-aggregation ({@code aggregate2}, {@code aggregate3}, {@code aggregateBuilder}, global and
 * keyed) and single-stage aggregation of operations without a {@code combineFn}, run as real plans
 * ({@link LocalDagRunner}) at parallelisms 1, 2, 4 and batch sizes 1, 7, 1024 on seeded random
 * input, against results computed in plain Java. Input 0 holds integers (key {@code i mod 11}),
 * input 1 strings {@code "key:word"} (keys 0..13, so keys 11..13 are only in input 1), input 2
 * longs (key {@code v mod 5}, only keys 0..4); some seeds make inputs empty.
 */
@Timeout(120)
class BatchCoAggregationTest {

    private static final int[] PARALLELISMS = {1, 2, 4};
    private static final int[] BATCH_SIZES = {1, 7, 1024};

    // ---- the operations and their plain-Java references ----

    /** Sorted list of the items, without combineFn: runs single-stage. */
    static <T extends Comparable<T>> AggregateOperation1<T, ArrayList<T>, List<T>> sortedNoCombine() {
        return AggregateOperation.<ArrayList<T>>withCreate(ArrayList::new)
                                 .<T>andAccumulate(ArrayList::add)
                                 .andExportFinish(list -> {
                                     List<T> copy = new ArrayList<>(list);
                                     Collections.sort(copy);
                                     return copy;
                                 });
    }

    /** Distinct items in order, without combineFn: runs single-stage. */
    static <T extends Comparable<T>> AggregateOperation1<T, TreeSet<T>, String> distinctNoCombine() {
        return AggregateOperation.<TreeSet<T>>withCreate(TreeSet::new)
                                 .<T>andAccumulate(TreeSet::add)
                                 .andExportFinish(Object::toString);
    }

    static int key0(Integer i) {
        return Math.floorMod(i, 11);
    }

    static int key1(String s) {
        return Integer.parseInt(s.substring(0, s.indexOf(':')));
    }

    static int key2(Long v) {
        return (int) Math.floorMod(v, 5L);
    }

    static long len(String s) {
        return s.length();
    }

    /** The three inputs of one seed. */
    record Inputs(List<Integer> in0, List<String> in1, List<Long> in2) {
        static Inputs random(long seed) {
            Random r = new Random(seed);
            // seeds 0..2: one input empty each; seed 3: all empty
            int n0 = seed == 0 || seed == 3 ? 0 : 50 + r.nextInt(250);
            int n1 = seed == 1 || seed == 3 ? 0 : 50 + r.nextInt(250);
            int n2 = seed == 2 || seed == 3 ? 0 : 20 + r.nextInt(100);
            List<Integer> in0 = IntStream.range(0, n0).mapToObj(i -> r.nextInt(1000) - 500).collect(Collectors.toList());
            List<String> in1 = IntStream.range(0, n1)
                                        .mapToObj(i -> r.nextInt(14) + ":" + "w".repeat(1 + r.nextInt(6)))
                                        .collect(Collectors.toList());
            List<Long> in2 = LongStream.range(0, n2).mapToObj(i -> (long) r.nextInt(100_000)).collect(Collectors.toList());
            return new Inputs(in0, in1, in2);
        }

        <T, K> Map<K, List<T>> group(List<T> items, Function<T, K> keyFn) {
            return items.stream().collect(Collectors.groupingBy(keyFn));
        }

        Set<Integer> allKeys() {
            Set<Integer> keys = new TreeSet<>();
            in0.forEach(i -> keys.add(key0(i)));
            in1.forEach(s -> keys.add(key1(s)));
            in2.forEach(v -> keys.add(key2(v)));
            return keys;
        }

        Set<Integer> keys01() {
            Set<Integer> keys = new TreeSet<>();
            in0.forEach(i -> keys.add(key0(i)));
            in1.forEach(s -> keys.add(key1(s)));
            return keys;
        }
    }

    static long sumLen(List<String> items) {
        return items.stream().mapToLong(String::length).sum();
    }

    static <T extends Comparable<T>> List<T> sorted(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        Collections.sort(copy);
        return copy;
    }

    static <T extends Comparable<T>> String distinct(List<T> items) {
        return new TreeSet<>(items).toString();
    }

    // ---- the tests ----

    @Test
    void when_globalCoAggregation_then_sameAsPlainJava() throws Exception {
        for (long seed = 0; seed < 6; seed++) {
            Inputs in = Inputs.random(seed);
            for (int parallelism : PARALLELISMS) {
                for (int batchSize : BATCH_SIZES) {
                    runGlobal(in, parallelism, batchSize, "seed " + seed + ", parallelism " + parallelism
                            + ", batch " + batchSize);
                }
            }
        }
    }

    private void runGlobal(Inputs in, int parallelism, int batchSize, String where) throws Exception {
        // Given
        Pipeline p = Pipeline.create();
        BatchStage<Integer> s0 = p.readFrom(TestSources.itemsDistributed(in.in0(), parallelism));
        BatchStage<String> s1 = p.readFrom(TestSources.itemsDistributed(in.in1(), parallelism));
        BatchStage<Long> s2 = p.readFrom(TestSources.itemsDistributed(in.in2(), 1));

        CollectingSink<Tuple2<Long, Long>> twoOp = TestSinks.collecting();
        s0.aggregate2(s1, aggregateOperation2(counting(), summingLong(BatchCoAggregationTest::len))).writeTo(twoOp);

        CollectingSink<Tuple2<List<Integer>, String>> twoSeparateNoCombine = TestSinks.collecting();
        s0.aggregate2(sortedNoCombine(), s1, distinctNoCombine()).writeTo(twoSeparateNoCombine);

        CollectingSink<String> threeOp = TestSinks.collecting();
        s0.aggregate3(s1, s2, aggregateOperation3(counting(), counting(), summingLong((Long v) -> v),
                (a, b, c) -> a + "/" + b + "/" + c)).writeTo(threeOp);

        CollectingSink<Tuple3<Long, String, List<Long>>> threeSeparate = TestSinks.collecting();
        s0.aggregate3(summingLong((Integer i) -> i), s1, distinctNoCombine(), s2, sortedNoCombine())
          .writeTo(threeSeparate);

        AggregateBuilder<Long> b = s0.aggregateBuilder(counting());
        Tag<Long> countTag = b.tag0();
        Tag<Long> lenTag = b.add(s1, summingLong(BatchCoAggregationTest::len));
        Tag<List<Long>> sortedTag = b.add(s2, sortedNoCombine());
        CollectingSink<ItemsByTag> built = TestSinks.collecting();
        b.build().writeTo(built);
        CollectingSink<String> builtFinished = TestSinks.collecting();
        b.build(ibt -> ibt.get(countTag) + "|" + ibt.get(lenTag)).writeTo(builtFinished);

        AggregateBuilder1<Integer> b1 = s0.aggregateBuilder();
        Tag<String> in1Tag = b1.add(s1);
        Tag<Long> in2Tag = b1.add(s2);
        CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
        Tag<Long> sumTag = ops.add(b1.tag0(), summingLong((Integer i) -> i));
        Tag<Long> count1Tag = ops.add(in1Tag, counting());
        Tag<Long> sum2Tag = ops.add(in2Tag, summingLong((Long v) -> v));
        CollectingSink<ItemsByTag> built1 = TestSinks.collecting();
        b1.build(ops.build()).writeTo(built1);

        CollectingSink<List<Integer>> singleNoCombine = TestSinks.collecting();
        s0.aggregate(sortedNoCombine()).writeTo(singleNoCombine);

        // When
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        // Then
        long sum0 = in.in0().stream().mapToLong(i -> i).sum();
        long sum2 = in.in2().stream().mapToLong(v -> v).sum();
        assertEquals(List.of(Tuple2.tuple2((long) in.in0().size(), sumLen(in.in1()))), twoOp.items(), where);
        assertEquals(List.of(Tuple2.tuple2(sorted(in.in0()), distinct(in.in1()))), twoSeparateNoCombine.items(), where);
        assertEquals(List.of(in.in0().size() + "/" + in.in1().size() + "/" + sum2), threeOp.items(), where);
        assertEquals(List.of(Tuple3.tuple3(sum0, distinct(in.in1()), sorted(in.in2()))), threeSeparate.items(), where);
        assertEquals(List.of(ItemsByTag.itemsByTag(countTag, (long) in.in0().size(), lenTag, sumLen(in.in1()),
                sortedTag, sorted(in.in2()))), built.items(), where);
        assertEquals(List.of(in.in0().size() + "|" + sumLen(in.in1())), builtFinished.items(), where);
        assertEquals(List.of(ItemsByTag.itemsByTag(sumTag, sum0, count1Tag, (long) in.in1().size(), sum2Tag, sum2)),
                built1.items(), where);
        assertEquals(List.of(sorted(in.in0())), singleNoCombine.items(), where);
    }

    @Test
    void when_keyedCoAggregation_then_sameAsPlainJava() throws Exception {
        for (long seed = 0; seed < 6; seed++) {
            Inputs in = Inputs.random(seed);
            for (int parallelism : PARALLELISMS) {
                for (int batchSize : BATCH_SIZES) {
                    runKeyed(in, parallelism, batchSize, "seed " + seed + ", parallelism " + parallelism
                            + ", batch " + batchSize);
                }
            }
        }
    }

    private void runKeyed(Inputs in, int parallelism, int batchSize, String where) throws Exception {
        // Given
        Pipeline p = Pipeline.create();
        BatchStageWithKey<Integer, Integer> k0 = p.readFrom(TestSources.itemsDistributed(in.in0(), parallelism))
                                                  .groupingKey(BatchCoAggregationTest::key0);
        BatchStageWithKey<String, Integer> k1 = p.readFrom(TestSources.itemsDistributed(in.in1(), parallelism))
                                                 .groupingKey(BatchCoAggregationTest::key1);
        BatchStageWithKey<Long, Integer> k2 = p.readFrom(TestSources.itemsDistributed(in.in2(), 1))
                                               .groupingKey(BatchCoAggregationTest::key2);

        CollectingSink<KeyedResult<Integer, Tuple2<Long, Long>>> twoOp = TestSinks.collecting();
        k0.aggregate2(k1, aggregateOperation2(counting(), summingLong(BatchCoAggregationTest::len))).writeTo(twoOp);

        CollectingSink<KeyedResult<Integer, Tuple2<List<Integer>, String>>> twoSeparateNoCombine = TestSinks.collecting();
        k0.aggregate2(sortedNoCombine(), k1, distinctNoCombine()).writeTo(twoSeparateNoCombine);

        CollectingSink<KeyedResult<Integer, String>> threeOp = TestSinks.collecting();
        k0.aggregate3(k1, k2, aggregateOperation3(counting(), counting(), summingLong((Long v) -> v),
                (a, b, c) -> a + "/" + b + "/" + c)).writeTo(threeOp);

        CollectingSink<KeyedResult<Integer, Tuple3<Long, String, List<Long>>>> threeSeparate = TestSinks.collecting();
        k0.aggregate3(summingLong((Integer i) -> i), k1, distinctNoCombine(), k2, sortedNoCombine())
          .writeTo(threeSeparate);

        GroupAggregateBuilder<Integer, Long> b = k0.aggregateBuilder(counting());
        Tag<Long> countTag = b.tag0();
        Tag<Long> lenTag = b.add(k1, summingLong(BatchCoAggregationTest::len));
        Tag<List<Long>> sortedTag = b.add(k2, sortedNoCombine());
        CollectingSink<KeyedResult<Integer, ItemsByTag>> built = TestSinks.collecting();
        b.build().writeTo(built);

        GroupAggregateBuilder1<Integer, Integer> b1 = k0.aggregateBuilder();
        Tag<String> in1Tag = b1.add(k1);
        Tag<Long> in2Tag = b1.add(k2);
        CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
        Tag<Long> sumTag = ops.add(b1.tag0(), summingLong((Integer i) -> i));
        Tag<Long> count1Tag = ops.add(in1Tag, counting());
        Tag<Long> sum2Tag = ops.add(in2Tag, summingLong((Long v) -> v));
        CollectingSink<KeyedResult<Integer, String>> built1 = TestSinks.collecting();
        b1.build(ops.build(ibt -> ibt.get(sumTag) + "," + ibt.get(count1Tag) + "," + ibt.get(sum2Tag)))
          .writeTo(built1);

        CollectingSink<KeyedResult<Integer, String>> singleNoCombine = TestSinks.collecting();
        k1.aggregate(distinctNoCombine()).writeTo(singleNoCombine);

        // When
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        // Then
        Map<Integer, List<Integer>> g0 = in.group(in.in0(), BatchCoAggregationTest::key0);
        Map<Integer, List<String>> g1 = in.group(in.in1(), BatchCoAggregationTest::key1);
        Map<Integer, List<Long>> g2 = in.group(in.in2(), BatchCoAggregationTest::key2);
        Map<Integer, Tuple2<Long, Long>> twoOpExpected = new HashMap<>();
        Map<Integer, Tuple2<List<Integer>, String>> twoSeparateExpected = new HashMap<>();
        for (int k : in.keys01()) {
            List<Integer> l0 = g0.getOrDefault(k, List.of());
            List<String> l1 = g1.getOrDefault(k, List.of());
            twoOpExpected.put(k, Tuple2.tuple2((long) l0.size(), sumLen(l1)));
            twoSeparateExpected.put(k, Tuple2.tuple2(sorted(l0), distinct(l1)));
        }
        Map<Integer, String> threeOpExpected = new HashMap<>();
        Map<Integer, Tuple3<Long, String, List<Long>>> threeSeparateExpected = new HashMap<>();
        Map<Integer, ItemsByTag> builtExpected = new HashMap<>();
        Map<Integer, String> built1Expected = new HashMap<>();
        for (int k : in.allKeys()) {
            List<Integer> l0 = g0.getOrDefault(k, List.of());
            List<String> l1 = g1.getOrDefault(k, List.of());
            List<Long> l2 = g2.getOrDefault(k, List.of());
            long sum0 = l0.stream().mapToLong(i -> i).sum();
            long sum2 = l2.stream().mapToLong(v -> v).sum();
            threeOpExpected.put(k, l0.size() + "/" + l1.size() + "/" + sum2);
            threeSeparateExpected.put(k, Tuple3.tuple3(sum0, distinct(l1), sorted(l2)));
            builtExpected.put(k, ItemsByTag.itemsByTag(countTag, (long) l0.size(), lenTag, sumLen(l1), sortedTag, sorted(l2)));
            built1Expected.put(k, sum0 + "," + l1.size() + "," + sum2);
        }
        Map<Integer, String> singleExpected = new HashMap<>();
        g1.forEach((k, l1) -> singleExpected.put(k, distinct(l1)));

        assertEquals(twoOpExpected, toMap(twoOp.items(), where), where);
        assertEquals(twoSeparateExpected, toMap(twoSeparateNoCombine.items(), where), where);
        assertEquals(threeOpExpected, toMap(threeOp.items(), where), where);
        assertEquals(threeSeparateExpected, toMap(threeSeparate.items(), where), where);
        assertEquals(builtExpected, toMap(built.items(), where), where);
        assertEquals(built1Expected, toMap(built1.items(), where), where);
        assertEquals(singleExpected, toMap(singleNoCombine.items(), where), where);
    }

    /** The results as a map, failing on a key emitted twice. */
    private static <K, V> Map<K, V> toMap(List<KeyedResult<K, V>> results, String where) {
        Map<K, V> map = new HashMap<>();
        for (KeyedResult<K, V> r : results) {
            V previous = map.put(r.key(), r.value());
            assertNull(previous, () -> "key " + r.key() + " emitted twice (" + where + ")");
        }
        return map;
    }

    @Test
    void when_operationHasNoCombineFn_then_plannedSingleStage() {
        // Given
        Pipeline p = Pipeline.create();
        BatchStage<Integer> s0 = p.readFrom(TestSources.items(1, 2, 3));
        BatchStage<String> s1 = p.readFrom(TestSources.items("1:a"));
        s0.groupingKey(BatchCoAggregationTest::key0)
          .aggregate2(sortedNoCombine(), s1.groupingKey(BatchCoAggregationTest::key1), distinctNoCombine())
          .setName("cogroup")
          .writeTo(TestSinks.collecting());

        // When
        Dag dag = p.toDag();

        // Then: both sources feed the accumulate-finish vertex, partitioned by key; no combine vertex
        Vertex cogroup = dag.vertex("cogroup");
        assertTrue(cogroup.description().startsWith("cogroup(accumulate-finish)"), cogroup.description());
        List<Edge> into = dag.edges().stream().filter(e -> e.destination() == cogroup).collect(Collectors.toList());
        assertEquals(2, into.size(), dag.toString());
        assertTrue(into.stream().allMatch(e -> e.routing() == RoutingPolicy.PARTITIONED), dag.toString());
        assertTrue(dag.vertices().stream().noneMatch(v -> v.description().contains("combine")), dag.toString());
    }

    @Test
    void when_globalWithoutCombineFn_then_allToOneVertexOfParallelismOne() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1, 2, 3)).aggregate(sortedNoCombine()).setName("sorted")
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        Vertex v = dag.vertex("sorted");
        assertEquals(1, v.localParallelism(), dag.toString());
        assertEquals(RoutingPolicy.ALL_TO_ONE,
                dag.edges().stream().filter(e -> e.destination() == v).findFirst().orElseThrow().routing());
    }

    @Test
    void when_stageCoAggregatedWithItself_then_eachInputSeesAllItems() throws Exception {
        for (int parallelism : PARALLELISMS) {
            // Given
            List<Integer> items = IntStream.range(0, 100).boxed().collect(Collectors.toList());
            Pipeline p = Pipeline.create();
            BatchStage<Integer> s = p.readFrom(TestSources.itemsDistributed(items, parallelism));
            CollectingSink<Tuple2<Long, Long>> twoStage = TestSinks.collecting();
            s.aggregate2(counting(), s, summingLong((Integer i) -> i)).writeTo(twoStage);
            CollectingSink<KeyedResult<Integer, Tuple2<List<Integer>, Long>>> singleStage = TestSinks.collecting();
            s.groupingKey(i -> i % 3).aggregate2(sortedNoCombine(), s.groupingKey(i -> i % 3), counting())
             .writeTo(singleStage);

            // When
            LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(7).run();

            // Then
            assertEquals(List.of(Tuple2.tuple2(100L, 4950L)), twoStage.items());
            Map<Integer, Tuple2<List<Integer>, Long>> expected = new HashMap<>();
            for (int k = 0; k < 3; k++) {
                int key = k;
                List<Integer> ofKey = items.stream().filter(i -> i % 3 == key).collect(Collectors.toList());
                expected.put(k, Tuple2.tuple2(ofKey, (long) ofKey.size()));
            }
            assertEquals(expected, toMap(singleStage.items(), "parallelism " + parallelism));
        }
    }

    @Test
    void when_badArguments_then_clearErrors() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> s0 = p.readFrom(TestSources.items(1, 2, 3));
        BatchStage<Integer> s1 = p.readFrom(TestSources.items(4));
        BatchStage<Integer> other = Pipeline.create().readFrom(TestSources.items(5));

        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class,
                () -> s0.aggregate2(s1, counting()));
        assertTrue(arity.getMessage().contains("aggrOp must have arity 2 for aggregate2"), arity.getMessage());
        IllegalArgumentException arity3 = assertThrows(IllegalArgumentException.class,
                () -> s0.aggregate3(s1, s1, aggregateOperation2(counting(), counting())));
        assertTrue(arity3.getMessage().contains("arity 3 for aggregate3"), arity3.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> s0.aggregate2(other, aggregateOperation2(counting(), counting())));
        assertTrue(foreign.getMessage().contains("stage1 must be a stage of this pipeline"), foreign.getMessage());
        NullPointerException nullStage = assertThrows(NullPointerException.class,
                () -> s0.aggregate2(null, aggregateOperation2(counting(), counting())));
        assertEquals("stage1 must not be null", nullStage.getMessage());
        NullPointerException nullOp = assertThrows(NullPointerException.class,
                () -> s0.aggregate2(null, s1, counting()));
        assertEquals("aggrOp0 must not be null", nullOp.getMessage());
        IllegalArgumentException keyedForeign = assertThrows(IllegalArgumentException.class,
                () -> s0.groupingKey(i -> i).aggregate2(counting(), other.groupingKey(i -> i), counting()));
        assertTrue(keyedForeign.getMessage().contains("stage1 must be a stage of this pipeline"),
                keyedForeign.getMessage());

        AggregateBuilder1<Integer> b1 = s0.aggregateBuilder();
        b1.add(s1);
        IllegalArgumentException builderArity = assertThrows(IllegalArgumentException.class,
                () -> b1.build(aggregateOperation3(counting(), counting(), counting())));
        assertTrue(builderArity.getMessage().contains("aggrOp must have arity 2 (one input per stage: tag0() and the 1"
                + " added), but has arity 3"), builderArity.getMessage());

        CoAggregateOperationBuilder gaps = coAggregateOperationBuilder();
        gaps.add(io.sluice.engine.datamodel.Tag.tag0(), counting());
        gaps.add(io.sluice.engine.datamodel.Tag.tag2(), counting());
        IllegalStateException gap = assertThrows(IllegalStateException.class, gaps::build);
        assertTrue(gap.getMessage().contains("must be Tag0..Tag1 without gaps, but are [0, 2]"), gap.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> gaps.add(io.sluice.engine.datamodel.Tag.tag0(), counting()));
        assertTrue(twice.getMessage().contains("Tag0 already has an operation"), twice.getMessage());
    }
}
