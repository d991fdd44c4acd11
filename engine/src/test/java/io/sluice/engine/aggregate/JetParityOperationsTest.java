package io.sluice.engine.aggregate;

import io.sluice.engine.accumulator.LinTrendAccumulator;
import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.Traversers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation2;
import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation3;
import static io.sluice.engine.aggregate.AggregateOperations.allOf;
import static io.sluice.engine.aggregate.AggregateOperations.allOfBuilder;
import static io.sluice.engine.aggregate.AggregateOperations.averagingLong;
import static io.sluice.engine.aggregate.AggregateOperations.concatenating;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.flatMapping;
import static io.sluice.engine.aggregate.AggregateOperations.groupingBy;
import static io.sluice.engine.aggregate.AggregateOperations.linearTrend;
import static io.sluice.engine.aggregate.AggregateOperations.maxBy;
import static io.sluice.engine.aggregate.AggregateOperations.sorting;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import static io.sluice.engine.aggregate.AggregateOperations.toCollector;
import static io.sluice.engine.aggregate.AggregateOperations.toList;
import static io.sluice.engine.aggregate.AggregateOperations.toMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Documented edge cases of the operations added for Jet parity, and their argument errors. Their
 * create/accumulate/combine/deduct/export contract is checked in
 * {@link AggregateOperationsContractTest} (cases in {@link JetParityOpCases}).
 */
@Timeout(30)
class JetParityOperationsTest {

    record Point(long x, long y) {
    }

    // ---- linearTrend

    @Test
    void when_pointsOnALine_then_exactSlope() {
        List<Point> line = IntStream.range(-50, 50).mapToObj(x -> new Point(x, -7L * x + 5)).toList();

        assertEquals(-7.0, runAll(linearTrend(Point::x, Point::y), line));
    }

    @Test
    void when_slopeUndefined_then_nan() {
        AggregateOperation1<Point, LinTrendAccumulator, Double> op = linearTrend(Point::x, Point::y);

        assertTrue(Double.isNaN(runAll(op, List.of())), "no points");
        assertTrue(Double.isNaN(runAll(op, List.of(new Point(1, 2)))), "one point");
        assertTrue(Double.isNaN(runAll(op, List.of(new Point(3, 1), new Point(3, 9), new Point(3, -4)))), "same x");
    }

    @Test
    void when_coordinatesAtTheLongLimits_then_noOverflow() {
        // y = -x exactly, with x from Long.MIN_VALUE + 1 to Long.MAX_VALUE
        List<Point> points = List.of(new Point(Long.MAX_VALUE, -Long.MAX_VALUE), new Point(-Long.MAX_VALUE, Long.MAX_VALUE),
                new Point(Long.MAX_VALUE - 1, -(Long.MAX_VALUE - 1)), new Point(0, 0));

        assertEquals(-1.0, runAll(linearTrend(Point::x, Point::y), points));
    }

    @Test
    void when_allPointsDeducted_then_nanAgainAndEqualToEmpty() {
        AggregateOperation1<Point, LinTrendAccumulator, Double> op = linearTrend(Point::x, Point::y);
        LinTrendAccumulator window = op.createFn().get();
        LinTrendAccumulator frame = op.createFn().get();
        op.accumulateFn().accept(frame, new Point(1, 1));
        op.accumulateFn().accept(frame, new Point(2, 3));

        op.combineFn().accept(window, frame);
        assertEquals(2.0, op.exportFn().apply(window));
        op.deductFn().accept(window, frame);

        assertTrue(Double.isNaN(op.exportFn().apply(window)));
        assertEquals(op.createFn().get(), window, "an emptied accumulator equals a new one");
        assertEquals(0, window.count());
    }

    // ---- toMap, groupingBy

    @Test
    void when_toMapWithMergeFnFunctionReturnsNull_then_npeNamingFunction() {
        NullPointerException key = assertThrows(NullPointerException.class,
                () -> runAll(toMap((String s) -> null, s -> s, (a, b) -> a), List.of("x")));
        NullPointerException value = assertThrows(NullPointerException.class,
                () -> runAll(toMap((String s) -> s, s -> null, (a, b) -> a, TreeMap::new), List.of("y")));

        assertEquals("toMap(): keyFn returned null for x", key.getMessage());
        assertEquals("toMap(): valueFn returned null for y", value.getMessage());
    }

    @Test
    void when_toMapMergeFnReturnsNull_then_keyRemovedAsByMapMerge() {
        Map<String, Integer> result = runAll(toMap((String s) -> s.substring(0, 1), String::length, (a, b) -> null),
                List.of("ab", "ac", "b"));

        assertEquals(Map.of("b", 1), result);
    }

    @Test
    void when_toMapWithoutMergeFnHasDuplicate_then_messagePointsToMergeFn() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runAll(toMap((String s) -> s.length(), s -> s), List.of("ab", "cd")));

        assertTrue(e.getMessage().contains("duplicate key 2") && e.getMessage().contains("toMap(keyFn, valueFn, mergeFn)"),
                e.getMessage());
    }

    @Test
    void when_groupingByKeyFnReturnsNull_then_npeNamingKeyFn() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> runAll(groupingBy((String s) -> s.isEmpty() ? null : s.charAt(0)), List.of("a", "")));

        assertTrue(e.getMessage().startsWith("groupingBy(): keyFn returned null for "), e.getMessage());
    }

    @Test
    void when_groupingByCombinesKeyOnlyOnTheRight_then_rightAccumulatorNotShared() {
        AggregateOperation1<String, Map<Character, List<String>>, Map<Character, List<String>>> op =
                groupingBy((String s) -> s.charAt(0));
        Map<Character, List<String>> left = op.createFn().get();
        Map<Character, List<String>> right = op.createFn().get();
        op.accumulateFn().accept(right, "right");

        op.combineFn().accept(left, right);
        op.accumulateFn().accept(left, "rest");

        assertEquals(Map.of('r', List.of("right")), op.exportFn().apply(right), "the right side changed");
        assertEquals(List.of("right", "rest"), op.exportFn().apply(left).get('r'));
    }

    @Test
    void when_groupingByWithMapSupplier_then_exportAndFinishReturnThatMap() {
        AggregateOperation1<String, Map<Integer, LongAccumulator>, TreeMap<Integer, Long>> op =
                groupingBy(String::length, TreeMap::new, counting());
        Map<Integer, LongAccumulator> acc = op.createFn().get();
        for (String s : List.of("ccc", "a", "bb", "dd")) {
            op.accumulateFn().accept(acc, s);
        }

        TreeMap<Integer, Long> exported = op.exportFn().apply(acc);
        TreeMap<Integer, Long> finished = op.finishFn().apply(acc);

        assertEquals(List.of(1, 2, 3), new ArrayList<>(exported.keySet()));
        assertEquals(Map.of(1, 1L, 2, 2L, 3, 1L), finished);
    }

    // ---- sorting, flatMapping, concatenating

    @Test
    void when_sortingExported_then_accumulatorKeepsItsOrder() {
        AggregateOperation1<Integer, ArrayList<Integer>, List<Integer>> op = sorting(ComparatorEx.naturalOrder());
        ArrayList<Integer> acc = op.createFn().get();
        for (int i : List.of(3, 1, 2)) {
            op.accumulateFn().accept(acc, i);
        }

        assertEquals(List.of(1, 2, 3), op.exportFn().apply(acc));
        assertEquals(List.of(3, 1, 2), acc);
        assertEquals(List.of(1, 2, 3), op.finishFn().apply(acc));
    }

    @Test
    void when_flatMappingGetsNullTraverser_then_itemContributesNothing() {
        AggregateOperation1<String, ?, Long> letters = flatMapping(
                (String s) -> s.isEmpty() ? null : Traversers.traverseArray(s.split("")), counting());

        assertEquals(5L, runAll(letters, List.of("ab", "", "cde")));
    }

    @Test
    void when_concatenatingWithDelimiter_then_emptyItemsAddNothing() {
        assertEquals("a,b", runAll(concatenating(","), List.of("", "a", "", "", "b", "")));
        assertEquals("[]", runAll(concatenating(", ", "[", "]"), List.of()));
        assertEquals("[]", runAll(concatenating(", ", "[", "]"), List.of("", "")));
        assertEquals("<x|y>", runAll(concatenating("|", "<", ">"), List.of("x", "y")));
    }

    @Test
    void when_concatenatingCombinesEmptySides_then_noStrayDelimiter() {
        AggregateOperation1<CharSequence, StringBuilder, String> op = concatenating("-", "(", ")");
        StringBuilder left = op.createFn().get();
        StringBuilder onlyEmpty = op.createFn().get();
        op.accumulateFn().accept(onlyEmpty, "");
        StringBuilder right = op.createFn().get();
        op.accumulateFn().accept(right, "r");

        op.combineFn().accept(left, onlyEmpty);
        op.combineFn().accept(left, right);
        op.combineFn().accept(left, onlyEmpty);

        assertEquals("(r)", op.finishFn().apply(left));
    }

    @Test
    void when_concatenatingGetsMutableDelimiter_then_laterChangesDoNotMatter() {
        StringBuilder delimiter = new StringBuilder(",");
        AggregateOperation1<CharSequence, StringBuilder, String> op = concatenating(delimiter);
        delimiter.append("CHANGED");

        assertEquals("a,b", runAll(Util.roundTrip(op), List.of("a", "b")));
    }

    // ---- allOf with a finishing function, allOfBuilder

    @Test
    void when_allOfWithExportFinishFn_then_appliedToExportAndFinish() {
        AggregateOperation1<Integer, ?, String> op = allOf(counting(), summingLong((Integer i) -> i), (n, sum) -> n + ":" + sum);

        assertEquals("3:6", runAll(op, List.of(1, 2, 3)));
        assertNotNull(op.deductFn());
    }

    @Test
    void when_allOfBuilderBuilt_then_tagsInOrderAndResultsUnderThem() {
        AllOfAggregationBuilder<Integer> builder = allOfBuilder();
        Tag<Long> count = builder.add(counting());
        Tag<Integer> max = builder.add(maxBy(ComparatorEx.naturalOrder()));
        Tag<List<Integer>> list = builder.add(toList());

        ItemsByTag result = runAll(builder.build(), List.of(4, 9, 2));

        assertEquals(List.of(0, 1, 2), List.of(count.index(), max.index(), list.index()));
        assertEquals(3L, result.get(count));
        assertEquals(9, result.get(max));
        assertEquals(List.of(4, 9, 2), result.get(list));
        assertNull(builder.build().deductFn(), "maxBy does not deduct");
        assertNotNull(builder.build().combineFn());
    }

    @Test
    void when_allOfBuilderAddsAfterBuild_then_builtOperationUnchanged() {
        AllOfAggregationBuilder<Integer> builder = allOfBuilder();
        Tag<Long> count = builder.add(counting());
        AggregateOperation1<Integer, Object[], ItemsByTag> built = builder.build();

        Tag<Long> sum = builder.add(summingLong((Integer i) -> i));
        ItemsByTag result = runAll(built, List.of(1, 2));

        assertEquals(2L, result.get(count));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> result.get(sum));
        assertEquals("there is no item under Tag1, only under [Tag0]: use a tag of the builder that made this result",
                e.getMessage());
        assertEquals(2, builder.build().createFn().get().length);
    }

    @Test
    void when_allOfBuilderEmpty_then_illegalState() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> allOfBuilder().build());

        assertEquals("allOfBuilder(): add(..) at least one operation before build()", e.getMessage());
    }

    @Test
    void when_allOfBuilderOperationSerialized_then_resultsStillUnderTheirTags() {
        AllOfAggregationBuilder<Integer> builder = allOfBuilder();
        Tag<Long> count = builder.add(counting());
        Tag<Long> sum = builder.add(summingLong((Integer i) -> i));

        AggregateOperation1<Integer, Object[], String> op = Util.roundTrip(
                builder.build(ibt -> ibt.get(count) + "/" + ibt.get(sum)));

        assertEquals("2/7", runAll(op, List.of(3, 4)));
        assertNotNull(op.deductFn());
    }

    // ---- aggregateOperation2 / 3

    @Test
    void when_aggregateOperation2_then_arityTwoAndEachInputToItsOperation() {
        AggregateOperation<Tuple2<LongAccumulator, LongAccumulator>, Tuple2<Long, Long>> op =
                aggregateOperation2(counting(), summingLong((Integer i) -> i));
        Tuple2<LongAccumulator, LongAccumulator> acc = op.createFn().get();

        op.<String>accumulateFn(0).accept(acc, "anything");
        op.<Integer>accumulateFn(1).accept(acc, 40);
        op.<Integer>accumulateFn(1).accept(acc, 2);

        assertEquals(2, op.arity());
        assertEquals(Tuple2.tuple2(1L, 42L), op.finishFn().apply(acc));
        assertThrows(IllegalArgumentException.class, () -> op.accumulateFn(2));
    }

    @Test
    void when_accumulateFnByTag_then_sameAsByIndex() {
        AggregateOperation<Tuple2<LongAccumulator, LongAccumulator>, Tuple2<Long, Long>> op =
                aggregateOperation2(counting(), summingLong((Integer i) -> i));
        Tuple2<LongAccumulator, LongAccumulator> acc = op.createFn().get();

        op.accumulateFn(Tag.<Integer>tag1()).accept(acc, 5);
        op.accumulateFn(Tag.tag0()).accept(acc, "x");

        assertEquals(Tuple2.tuple2(1L, 5L), op.exportFn().apply(acc));
        assertThrows(IllegalArgumentException.class, () -> op.accumulateFn(Tag.tag2()));
        assertNpe("tag must not be null", () -> op.accumulateFn((Tag<Object>) null));
    }

    @Test
    void when_aggregateOperation3WithFinishFn_then_arityThreeAndFinishApplied() {
        AggregateOperation<?, String> op = aggregateOperation3(counting(), counting(), counting(),
                (a, b, c) -> a + ">" + b + ">" + c);
        @SuppressWarnings("unchecked")
        AggregateOperation<Object, String> raw = (AggregateOperation<Object, String>) op;
        Object acc = raw.createFn().get();

        raw.accumulateFn(0).accept(acc, "v");
        raw.accumulateFn(0).accept(acc, "v");
        raw.accumulateFn(2).accept(acc, "p");

        assertEquals(3, op.arity());
        assertEquals("2>0>1", raw.exportFn().apply(acc));
        assertInstanceOf(Tuple3.class, acc);
    }

    @Test
    void when_aggregateOperationPartLacksCombineOrDeduct_then_compositeLacksIt() {
        AggregateOperation1<Integer, List<Integer>, List<Integer>> noCombine = AggregateOperation
                .<List<Integer>>withCreate(ArrayList::new)
                .<Integer>andAccumulate(List::add)
                .andExportFinish(List::copyOf);

        assertNull(aggregateOperation2(counting(), noCombine).combineFn());
        assertNull(aggregateOperation3(counting(), counting(), noCombine).combineFn());
        assertNull(aggregateOperation2(counting(), toList()).deductFn());
        assertNotNull(aggregateOperation2(counting(), toList()).combineFn());
        assertNotNull(aggregateOperation3(counting(), counting(), summingLong((Long l) -> l)).deductFn());
    }

    // ---- toCollector

    @Test
    void when_toCollectorOnSequentialAndParallelStreams_then_sameAsPlainJava() {
        List<Integer> items = new Random(17).ints(20_000, -1000, 1000).boxed().toList();
        Collector<Integer, ?, Tuple3<Long, Long, Map<Integer, Long>>> collector = toCollector(allOf(
                counting(), summingLong((Integer i) -> i), groupingBy((Integer i) -> Math.floorMod(i, 7), counting())));

        Tuple3<Long, Long, Map<Integer, Long>> expected = Tuple3.tuple3((long) items.size(),
                items.stream().mapToLong(i -> i).sum(),
                items.stream().collect(Collectors.groupingBy(i -> Math.floorMod(i, 7), Collectors.counting())));
        assertEquals(expected, items.stream().collect(collector));
        assertEquals(expected, items.parallelStream().collect(collector));
    }

    @Test
    void when_toCollectorWithoutCombine_then_sequentialWorksAndCombinerFails() {
        AggregateOperation1<Integer, List<Integer>, List<Integer>> firstTwo = AggregateOperation
                .<List<Integer>>withCreate(ArrayList::new)
                .<Integer>andAccumulate((list, i) -> {
                    if (list.size() < 2) {
                        list.add(i);
                    }
                })
                .andExportFinish(List::copyOf);
        Collector<Integer, List<Integer>, List<Integer>> collector = toCollector(firstTwo);
        BinaryOperator<List<Integer>> combiner = collector.combiner();

        assertEquals(List.of(5, 6), List.of(5, 6, 7).stream().collect(collector));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> combiner.apply(new ArrayList<>(), new ArrayList<>()));
        assertTrue(e.getMessage().contains("stream.sequential()"), e.getMessage());
    }

    // ---- argument checks

    @Test
    void when_argumentNull_then_messageNamesParameter() {
        assertNpe("getXFn must not be null", () -> linearTrend(null, (Point p) -> p.y()));
        assertNpe("getYFn must not be null", () -> linearTrend((Point p) -> p.x(), null));
        assertNpe("comparator must not be null", () -> sorting(null));
        assertNpe("createCollectionFn must not be null", () -> AggregateOperations.toCollection(null));
        assertNpe("mergeFn must not be null", () -> toMap((String s) -> s, s -> s, null));
        assertNpe("createMapFn must not be null", () -> toMap((String s) -> s, s -> s, (a, b) -> a, null));
        assertNpe("keyFn must not be null", () -> groupingBy(null));
        assertNpe("downstream must not be null", () -> groupingBy((String s) -> s, null));
        assertNpe("createMapFn must not be null", () -> groupingBy((String s) -> s, null, counting()));
        assertNpe("flatMapFn must not be null", () -> flatMapping(null, counting()));
        assertNpe("delimiter must not be null", () -> concatenating(null));
        assertNpe("prefix must not be null", () -> concatenating(",", null, ""));
        assertNpe("suffix must not be null", () -> concatenating(",", "", null));
        assertNpe("exportFinishFn must not be null",
                () -> allOf(counting(), counting(), (io.sluice.engine.function.BiFunctionEx<Long, Long, Long>) null));
        assertNpe("op1 must not be null", () -> aggregateOperation2(counting(), null));
        assertNpe("op2 must not be null", () -> aggregateOperation3(counting(), counting(), null));
        assertNpe("operation must not be null", () -> allOfBuilder().add(null));
        assertNpe("exportFinishFn must not be null", () -> allOfBuilder().build(null));
        assertNpe("op must not be null", () -> toCollector(null));
    }

    @Test
    void when_functionCapturesNonSerializable_then_messageNamesParameter() {
        Object notSerializable = new Object();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> groupingBy((String s) -> s + notSerializable));
        IllegalArgumentException merge = assertThrows(IllegalArgumentException.class,
                () -> toMap((String s) -> s, s -> s, (a, b) -> a + notSerializable));

        assertTrue(e.getMessage().startsWith("keyFn is not serializable"), e.getMessage());
        assertTrue(merge.getMessage().startsWith("mergeFn is not serializable"), merge.getMessage());
    }

    private static <T, A, R> R runAll(AggregateOperation1<? super T, A, ? extends R> op, List<T> items) {
        A acc = op.createFn().get();
        for (T item : items) {
            op.accumulateFn().accept(acc, item);
        }
        return op.finishFn().apply(acc);
    }

    private static void assertNpe(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(NullPointerException.class, call).getMessage());
    }
}
