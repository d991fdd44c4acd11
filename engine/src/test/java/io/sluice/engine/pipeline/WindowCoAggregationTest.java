package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import io.sluice.engine.aggregate.AggregateOperations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The windowed co-aggregation DSL ({@code aggregate2/3} with separate operations,
 * {@code aggregateBuilder}, {@code distinct}, {@code window(..).groupingKey(..)}, operations without
 * {@code combineFn}) on real plans ({@link LocalDagRunner}) at parallelisms 1, 2 and 4 and batch
 * sizes 1, 7 and 1024, against windows computed in plain Java from the same seeded events. Each
 * source runner emits its share in timestamp order, so no item is late whatever the lateness rule.
 */
@Timeout(300)
class WindowCoAggregationTest {

    private static final int KEYS = 5;
    private static final FunctionEx<Long, Integer> KEY = v -> (int) (v % KEYS);

    /** A window shape and its parameters for the reference. */
    private record Shape(String name, WindowDefinition def, long size, long slide, long timeout) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One window of the reference: {@code key} is {@code null} when not keyed. */
    private record Win(long start, long end, Integer key) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("tumbling(100)", WindowDefinition.tumbling(100), 100, 100, 0),
            new Shape("sliding(300, 100)", WindowDefinition.sliding(300, 100), 300, 100, 0),
            new Shape("session(40)", WindowDefinition.session(40), 0, 0, 40));

    /** Sorted values; no combineFn, so the window must run it single-stage. */
    private static AggregateOperation1<Long, ArrayList<Long>, List<Long>> sortedNoCombine() {
        return AggregateOperation.withCreate(ArrayList<Long>::new)
                .andAccumulate((ArrayList<Long> list, Long v) -> list.add(v))
                .andExportFinish(list -> sortedCopy(list));
    }

    private static AggregateOperation1<Long, ?, List<Long>> sortedCombinable() {
        return AggregateOperations.<Long>toList().andThen(WindowCoAggregationTest::sortedCopy);
    }

    private static List<Long> sortedCopy(Collection<Long> values) {
        List<Long> l = new ArrayList<>(values);
        l.sort(null);
        return l;
    }

    private static List<TimestampedItem<Long>> events(Random random, int n) {
        List<TimestampedItem<Long>> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new TimestampedItem<>(random.nextInt(6000), (long) random.nextInt(100)));
        }
        events.sort(Comparator.comparingLong(TimestampedItem::timestamp));
        return events;
    }

    /**
     * The windows of the inputs, by brute force: per window (and key), the values of each input.
     * Sessions are formed over the items of all inputs together (per key).
     */
    private static Map<Win, List<List<Long>>> reference(Shape shape, List<List<TimestampedItem<Long>>> inputs, boolean keyed) {
        return reference(shape, inputs, keyed ? KEY : null);
    }

    /** The same with any key function ({@code null}: not keyed). */
    private static Map<Win, List<List<Long>>> reference(Shape shape, List<List<TimestampedItem<Long>>> inputs,
                                                        Function<Long, Integer> keyFn) {
        boolean keyed = keyFn != null;
        Map<Win, List<List<Long>>> out = new HashMap<>();
        if (shape.timeout() == 0) {
            for (int in = 0; in < inputs.size(); in++) {
                for (TimestampedItem<Long> e : inputs.get(in)) {
                    long firstEnd = Math.floorDiv(e.timestamp(), shape.slide()) * shape.slide() + shape.slide();
                    for (long end = firstEnd; end - shape.size() <= e.timestamp(); end += shape.slide()) {
                        Win w = new Win(end - shape.size(), end, keyed ? keyFn.apply(e.item()) : null);
                        slot(out, w, inputs.size()).get(in).add(e.item());
                    }
                }
            }
            return out;
        }
        // sessions: per key, all inputs' events sorted by time, cut where the gap reaches the timeout
        Map<Integer, List<long[]>> byKey = new TreeMap<>();
        for (int in = 0; in < inputs.size(); in++) {
            for (TimestampedItem<Long> e : inputs.get(in)) {
                byKey.computeIfAbsent(keyed ? keyFn.apply(e.item()) : -1, k -> new ArrayList<>())
                     .add(new long[]{e.timestamp(), in, e.item()});
            }
        }
        byKey.forEach((key, evs) -> {
            evs.sort(Comparator.comparingLong(a -> a[0]));
            int from = 0;
            for (int i = 1; i <= evs.size(); i++) {
                if (i == evs.size() || evs.get(i)[0] >= evs.get(i - 1)[0] + shape.timeout()) {
                    Win w = new Win(evs.get(from)[0], evs.get(i - 1)[0] + shape.timeout(), keyed ? key : null);
                    List<List<Long>> s = slot(out, w, inputs.size());
                    for (long[] e : evs.subList(from, i)) {
                        s.get((int) e[1]).add(e[2]);
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

    private static <R> Set<Object> expected(Map<Win, List<List<Long>>> windows, Function<List<List<Long>>, R> resultFn) {
        Set<Object> expected = new HashSet<>();
        windows.forEach((w, values) -> expected.add(w.key() == null
                ? new WindowResult<>(w.start(), w.end(), resultFn.apply(values))
                : new KeyedWindowResult<>(w.start(), w.end(), w.key(), resultFn.apply(values))));
        return expected;
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private static void assertResults(Set<Object> expected, CollectingSink<?> sink, String what) {
        List<?> items = sink.items();
        assertEquals(expected, new HashSet<>(items), what);
        assertEquals(expected.size(), items.size(), what + ": one result per window (and key)");
    }

    @Test
    void when_windowCoAggregationDsl_then_sameAsPlainJava() throws Exception {
        long seed = 0;
        for (Shape shape : SHAPES) {
            for (int parallelism : new int[]{1, 2, 4}) {
                for (int batchSize : new int[]{1, 7, 1024}) {
                    runAll(shape, parallelism, batchSize, seed++);
                }
            }
        }
    }

    private void runAll(Shape shape, int parallelism, int batchSize, long seed) throws Exception {
        // Given
        Random random = new Random(seed);
        List<TimestampedItem<Long>> a = events(random, 300);
        List<TimestampedItem<Long>> b = events(random, 200);
        List<TimestampedItem<Long>> c = events(random, 150);
        WindowDefinition def = shape.def();
        Pipeline p = Pipeline.create();
        StreamStage<Long> sa = p.readFrom(TestSources.timestampedList(a, 2)).withNativeTimestamps(10);
        StreamStage<Long> sb = p.readFrom(TestSources.timestampedList(b, 2)).withNativeTimestamps(10);
        StreamStage<Long> sc = p.readFrom(TestSources.timestampedList(c, 2)).withNativeTimestamps(10);

        CollectingSink<KeyedWindowResult<Integer, Tuple2<Long, Long>>> keyed2 = TestSinks.collecting();
        sa.groupingKey(KEY).window(def)
          .aggregate2(counting(), sb.groupingKey(KEY), summingLong((Long v) -> v))
          .writeTo(keyed2);

        CollectingSink<WindowResult<Tuple2<Long, Long>>> global2 = TestSinks.collecting();
        sa.window(def).aggregate2(counting(), sb, summingLong((Long v) -> v)).writeTo(global2);

        CollectingSink<KeyedWindowResult<Integer, Tuple3<Long, Long, List<Long>>>> keyed3 = TestSinks.collecting();
        sa.window(def).groupingKey(KEY)
          .aggregate3(counting(), sb.groupingKey(KEY), summingLong((Long v) -> v), sc.groupingKey(KEY), sortedNoCombine())
          .writeTo(keyed3);

        CollectingSink<WindowResult<Tuple3<Long, Long, List<Long>>>> global3 = TestSinks.collecting();
        sa.window(def).aggregate3(counting(), sb, summingLong((Long v) -> v), sc, sortedCombinable()).writeTo(global3);

        WindowGroupAggregateBuilder<Integer, Long> kb = sa.groupingKey(KEY).window(def).aggregateBuilder(counting());
        Tag<Long> kbCount = kb.tag0();
        Tag<Long> kbSum = kb.add(sb.groupingKey(KEY), summingLong((Long v) -> v));
        Tag<List<Long>> kbSorted = kb.add(sc.groupingKey(KEY), sortedCombinable());
        CollectingSink<KeyedWindowResult<Integer, ItemsByTag>> keyedBuilder = TestSinks.collecting();
        kb.build().writeTo(keyedBuilder);

        WindowAggregateBuilder<List<Long>> gb = sa.window(def).aggregateBuilder(sortedNoCombine());
        Tag<Long> gbCount = gb.add(sb, counting());
        CollectingSink<WindowResult<ItemsByTag>> globalBuilder = TestSinks.collecting();
        gb.build().writeTo(globalBuilder);

        WindowAggregateBuilder1<Long> gb1 = sa.window(def).aggregateBuilder();
        Tag<Long> gb1Tag1 = gb1.add(sb);
        assertEquals(1, gb1Tag1.index());
        CollectingSink<WindowResult<List<Long>>> globalBuilder1 = TestSinks.collecting();
        gb1.build(AggregateOperation.withCreate(() -> new long[2])
                .<Long>andAccumulate0((acc, v) -> acc[0]++)
                .<Long>andAccumulate1((acc, v) -> acc[1] += v)
                .andCombine((x, y) -> {
                    x[0] += y[0];
                    x[1] += y[1];
                })
                .andExportFinish(acc -> List.of(acc[0], acc[1])))
           .writeTo(globalBuilder1);

        WindowGroupAggregateBuilder1<Long, Integer> kb1 = sa.window(def).groupingKey(KEY).aggregateBuilder();
        kb1.add(sb.groupingKey(KEY));
        kb1.add(sc.groupingKey(KEY));
        CollectingSink<KeyedWindowResult<Integer, List<Long>>> keyedBuilder1 = TestSinks.collecting();
        kb1.build(AggregateOperation.withCreate(() -> new long[3])   // no combineFn: single-stage
                .<Long>andAccumulate0((acc, v) -> acc[0]++)
                .<Long>andAccumulate1((acc, v) -> acc[1]++)
                .<Long>andAccumulate2((acc, v) -> acc[2] += v)
                .andExportFinish(acc -> List.of(acc[0], acc[1], acc[2])))
           .writeTo(keyedBuilder1);

        CollectingSink<KeyedWindowResult<Integer, Long>> keyedDistinct = TestSinks.collecting();
        sa.groupingKey(KEY).window(def).distinct().writeTo(keyedDistinct);
        CollectingSink<WindowResult<Long>> globalDistinct = TestSinks.collecting();
        sa.map(v -> v / 10).window(def).distinct().writeTo(globalDistinct);

        CollectingSink<KeyedWindowResult<Integer, Long>> keyThenWindow = TestSinks.collecting();
        sa.groupingKey(KEY).window(def).aggregate(summingLong((Long v) -> v)).writeTo(keyThenWindow);
        CollectingSink<KeyedWindowResult<Integer, Long>> windowThenKey = TestSinks.collecting();
        sa.window(def).groupingKey(KEY).aggregate(summingLong((Long v) -> v)).writeTo(windowThenKey);

        CollectingSink<KeyedWindowResult<Integer, List<Long>>> keyedNoCombine = TestSinks.collecting();
        sa.groupingKey(KEY).window(def).aggregate(sortedNoCombine()).writeTo(keyedNoCombine);
        CollectingSink<WindowResult<List<Long>>> globalNoCombine = TestSinks.collecting();
        sa.window(def).aggregate(sortedNoCombine()).writeTo(globalNoCombine);

        // When
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        // Then
        String at = shape + " parallelism " + parallelism + " batch " + batchSize + ": ";
        List<List<TimestampedItem<Long>>> ab = List.of(a, b);
        List<List<TimestampedItem<Long>>> abc = List.of(a, b, c);
        assertResults(expected(reference(shape, ab, true), v -> Tuple2.tuple2((long) v.get(0).size(), sum(v.get(1)))),
                keyed2, at + "keyed aggregate2");
        assertResults(expected(reference(shape, ab, false), v -> Tuple2.tuple2((long) v.get(0).size(), sum(v.get(1)))),
                global2, at + "aggregate2");
        assertResults(expected(reference(shape, abc, true),
                        v -> Tuple3.tuple3((long) v.get(0).size(), sum(v.get(1)), sortedCopy(v.get(2)))),
                keyed3, at + "keyed aggregate3 (one operation without combineFn)");
        assertResults(expected(reference(shape, abc, false),
                        v -> Tuple3.tuple3((long) v.get(0).size(), sum(v.get(1)), sortedCopy(v.get(2)))),
                global3, at + "aggregate3");
        assertResults(expected(reference(shape, abc, true), v -> ItemsByTag.itemsByTag(
                        kbCount, (long) v.get(0).size(), kbSum, sum(v.get(1)), kbSorted, sortedCopy(v.get(2)))),
                keyedBuilder, at + "keyed aggregateBuilder(op0)");
        assertResults(expected(reference(shape, ab, false), v -> ItemsByTag.itemsByTag(
                        Tag.tag0(), sortedCopy(v.get(0)), gbCount, (long) v.get(1).size())),
                globalBuilder, at + "aggregateBuilder(op0) (op0 without combineFn)");
        assertResults(expected(reference(shape, ab, false), v -> List.of((long) v.get(0).size(), sum(v.get(1)))),
                globalBuilder1, at + "aggregateBuilder()");
        assertResults(expected(reference(shape, abc, true),
                        v -> List.of((long) v.get(0).size(), (long) v.get(1).size(), sum(v.get(2)))),
                keyedBuilder1, at + "keyed aggregateBuilder() (operation without combineFn)");

        Map<Win, List<List<Long>>> aKeyed = reference(shape, List.of(a), true);
        Map<Win, List<Long>> distinctByWindowAndKey = new HashMap<>();
        for (KeyedWindowResult<Integer, Long> r : keyedDistinct.items()) {
            Win w = new Win(r.start(), r.end(), r.key());
            assertTrue(aKeyed.containsKey(w) && aKeyed.get(w).get(0).contains(r.result()),
                    at + "distinct item " + r + " is an item of its key in its window");
            assertTrue(distinctByWindowAndKey.put(w, List.of(r.result())) == null, at + "one item per key and window: " + r);
        }
        assertEquals(aKeyed.keySet(), distinctByWindowAndKey.keySet(), at + "keyed distinct: every key of every window");

        List<List<TimestampedItem<Long>>> tens = List.of(a.stream()
                .map(e -> new TimestampedItem<>(e.timestamp(), e.item() / 10)).toList());
        // distinct() is keyed by the whole item, so session windows form per distinct item (as in Jet)
        Set<Object> expectedDistinct = new HashSet<>();
        reference(shape, tens, shape.timeout() > 0 ? v -> (int) (long) v : null).forEach((w, values) -> new HashSet<>(values.get(0)).forEach(
                v -> expectedDistinct.add(new WindowResult<>(w.start(), w.end(), v))));
        assertResults(expectedDistinct, globalDistinct, at + "distinct");

        Set<Object> sums = expected(aKeyed, v -> sum(v.get(0)));
        assertResults(sums, keyThenWindow, at + "groupingKey(..).window(..)");
        assertResults(sums, windowThenKey, at + "window(..).groupingKey(..)");
        assertResults(expected(aKeyed, v -> sortedCopy(v.get(0))), keyedNoCombine, at + "keyed, no combineFn");
        assertResults(expected(reference(shape, List.of(a), false), v -> sortedCopy(v.get(0))), globalNoCombine,
                at + "no combineFn");
    }

    @Test
    void when_operationWithoutCombine_then_slidingWindowPlannedSingleStage() {
        Pipeline p = Pipeline.create();
        StreamStage<Long> src = p.readFrom(TestSources.timestampedList(List.of(new TimestampedItem<>(1, 1L)), 2))
                                 .withNativeTimestamps(0);
        src.groupingKey(KEY).window(WindowDefinition.sliding(100, 10)).aggregate(sortedNoCombine())
           .writeTo(TestSinks.collecting());

        io.sluice.engine.core.Dag dag = p.toDag();

        assertEquals("timestampedList", dag.vertex("timestampedList").description(), "no accumulate stage: " + dag);
        assertEquals("window -> collect", dag.vertex("window").description(), dag.toString());
        assertEquals(List.of("timestampedList[0] -> window[0] partitioned"),
                dag.edges().stream().map(Object::toString).toList());
    }

    @Test
    void when_badArguments_then_clearErrors() {
        Pipeline p = Pipeline.create();
        StreamStage<Long> sa = p.readFrom(TestSources.timestampedList(List.of(new TimestampedItem<>(1, 1L)), 1))
                                .withNativeTimestamps(0);
        StreamStage<Long> sb = p.readFrom(TestSources.timestampedList(List.of(new TimestampedItem<>(1, 1L)), 1))
                                .withNativeTimestamps(0);
        StageWithWindow<Long> w = sa.window(WindowDefinition.tumbling(10));

        NullPointerException npe = assertThrows(NullPointerException.class, () -> w.aggregate2(null, sb, counting()));
        assertEquals("aggrOp0 must not be null", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> w.aggregate3(counting(), sb, counting(), sb, null));
        assertEquals("aggrOp2 must not be null", npe.getMessage());

        WindowAggregateBuilder1<Long> b1 = w.aggregateBuilder();
        b1.add(sb);
        b1.add(sb);
        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class, () -> b1.build(
                AggregateOperation.withCreate(() -> new long[1]).<Long>andAccumulate0((acc, v) -> acc[0]++)
                        .<Long>andAccumulate1((acc, v) -> acc[0]++).andExportFinish(acc -> acc[0])));
        assertTrue(arity.getMessage().contains("must have arity 3") && arity.getMessage().contains("has arity 2"),
                arity.getMessage());

        npe = assertThrows(NullPointerException.class, () -> w.aggregateBuilder(counting()).add(null, counting()));
        assertEquals("stage must not be null", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> w.aggregateBuilder(counting()).add(sb, null));
        assertEquals("aggrOp must not be null", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> w.groupingKey(null));
        assertEquals("keyFn must not be null", npe.getMessage());

        WindowAggregateBuilder<Long> b = w.aggregateBuilder(counting());
        b.add(sb, counting());
        b.build();
        IllegalStateException twice = assertThrows(IllegalStateException.class, b::build);
        assertTrue(twice.getMessage().contains("already built"), twice.getMessage());

        StreamStage<Long> noTimestamps = p.readFrom(TestSources.timestampedList(List.of(new TimestampedItem<>(1, 1L)), 1))
                                          .withoutTimestamps();
        IllegalStateException ts = assertThrows(IllegalStateException.class,
                () -> w.aggregate2(counting(), noTimestamps, counting()));
        assertTrue(ts.getMessage().contains("has no timestamps"), ts.getMessage());
        assertEquals(sa, w.streamStage());
        assertEquals(sa, w.groupingKey(KEY).streamStage());
    }
}
