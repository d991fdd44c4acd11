package io.sluice.engine.aggregate;

import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.accumulator.LongDoubleAccumulator;
import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.function.FunctionEx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import static io.sluice.engine.aggregate.AggregateOperations.allOf;
import static io.sluice.engine.aggregate.AggregateOperations.averagingDouble;
import static io.sluice.engine.aggregate.AggregateOperations.averagingLong;
import static io.sluice.engine.aggregate.AggregateOperations.bottomN;
import static io.sluice.engine.aggregate.AggregateOperations.concatenating;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.filtering;
import static io.sluice.engine.aggregate.AggregateOperations.mapping;
import static io.sluice.engine.aggregate.AggregateOperations.maxBy;
import static io.sluice.engine.aggregate.AggregateOperations.minBy;
import static io.sluice.engine.aggregate.AggregateOperations.reducing;
import static io.sluice.engine.aggregate.AggregateOperations.summingDouble;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import static io.sluice.engine.aggregate.AggregateOperations.toList;
import static io.sluice.engine.aggregate.AggregateOperations.toMap;
import static io.sluice.engine.aggregate.AggregateOperations.topN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Documented edge cases of {@link AggregateOperations} and the messages of bad arguments.
 * The create/accumulate/combine contract itself is in {@link AggregateOperationsContractTest}.
 */
@Timeout(30)
class AggregateOperationsTest {

    @Test
    void when_noItems_then_documentedEmptyResults() {
        assertEquals(0L, runAll(counting(), List.of()));
        assertEquals(0L, runAll(summingLong((Integer i) -> i), List.of()));
        assertEquals(0.0, runAll(summingDouble((Integer i) -> i), List.of()));
        assertEquals(Double.NaN, runAll(averagingLong((Integer i) -> i), List.of()));
        assertEquals(Double.NaN, runAll(averagingDouble((Integer i) -> i), List.of()));
        assertNull(runAll(minBy(ComparatorEx.<Integer>naturalOrder()), List.of()));
        assertNull(runAll(maxBy(ComparatorEx.<Integer>naturalOrder()), List.of()));
        assertEquals("", runAll(concatenating(), List.of()));
        assertEquals(List.of(), runAll(topN(3, ComparatorEx.<Integer>naturalOrder()), List.of()));
        assertEquals(7, runAll(reducing(7, (Integer i) -> i, Integer::sum, null), List.<Integer>of()));
    }

    @Test
    void when_summingLongOverflowsInAccumulate_then_arithmeticExceptionNamingOperation() {
        ArithmeticException up = assertThrows(ArithmeticException.class,
                () -> runAll(summingLong((Long l) -> l), List.of(Long.MAX_VALUE, 1L)));
        ArithmeticException down = assertThrows(ArithmeticException.class,
                () -> runAll(summingLong((Long l) -> l), List.of(Long.MIN_VALUE, -1L)));

        assertTrue(up.getMessage().startsWith("summingLong(): the sum overflows a long (9223372036854775807 + 1)"),
                up.getMessage());
        assertTrue(down.getMessage().contains("(-9223372036854775808 + -1)"), down.getMessage());
    }

    @Test
    void when_summingLongAtTheLimits_then_exact() {
        assertEquals(Long.MAX_VALUE, runAll(summingLong((Long l) -> l), List.of(Long.MAX_VALUE - 5, 5L)));
        assertEquals(Long.MIN_VALUE, runAll(summingLong((Long l) -> l), List.of(Long.MIN_VALUE + 5, -5L)));
        assertEquals(0L, runAll(summingLong((Long l) -> l), List.of(Long.MAX_VALUE, Long.MIN_VALUE, 1L)));
    }

    @Test
    void when_summingLongOverflowsInCombineOrDeduct_then_arithmeticExceptionAndLeftUnchanged() {
        AggregateOperation1<Long, LongAccumulator, Long> op = summingLong((Long l) -> l);
        LongAccumulator left = new LongAccumulator(Long.MAX_VALUE - 1);

        assertThrows(ArithmeticException.class, () -> op.combineFn().accept(left, new LongAccumulator(2)));
        assertEquals(Long.MAX_VALUE - 1, left.get());
        LongAccumulator low = new LongAccumulator(Long.MIN_VALUE + 1);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> op.deductFn().accept(low, new LongAccumulator(2)));
        assertTrue(e.getMessage().contains("(-9223372036854775807 - 2)"), e.getMessage());
        assertEquals(Long.MIN_VALUE + 1, low.get());
    }

    @Test
    void when_averagingLongSumOverflows_then_arithmeticExceptionAndAccumulatorUnchanged() {
        AggregateOperation1<Long, LongLongAccumulator, Double> op = averagingLong((Long l) -> l);
        LongLongAccumulator acc = op.createFn().get();
        op.accumulateFn().accept(acc, Long.MAX_VALUE);

        ArithmeticException e = assertThrows(ArithmeticException.class, () -> op.accumulateFn().accept(acc, 1L));

        assertTrue(e.getMessage().startsWith("averagingLong(): the sum overflows a long"), e.getMessage());
        assertEquals(new LongLongAccumulator(1, Long.MAX_VALUE), acc, "count and sum as before the failed item");
        assertThrows(ArithmeticException.class,
                () -> op.combineFn().accept(acc, new LongLongAccumulator(1, 1)));
        assertThrows(ArithmeticException.class,
                () -> op.deductFn().accept(new LongLongAccumulator(1, Long.MIN_VALUE), new LongLongAccumulator(1, 1)));
        assertEquals((double) Long.MAX_VALUE, op.exportFn().apply(acc));
    }

    @Test
    void when_averagingCountOverflows_then_arithmeticException() {
        AggregateOperation1<Long, LongLongAccumulator, Double> longs = averagingLong((Long l) -> l);
        AggregateOperation1<Double, LongDoubleAccumulator, Double> doubles = averagingDouble((Double d) -> d);
        LongLongAccumulator fullLongs = new LongLongAccumulator(Long.MAX_VALUE, 0);
        LongDoubleAccumulator fullDoubles = new LongDoubleAccumulator(Long.MAX_VALUE, 0);

        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> longs.accumulateFn().accept(fullLongs, 0L));
        ArithmeticException d = assertThrows(ArithmeticException.class,
                () -> doubles.accumulateFn().accept(fullDoubles, 0.0));
        assertThrows(ArithmeticException.class,
                () -> doubles.combineFn().accept(fullDoubles, new LongDoubleAccumulator(1, 1.0)));
        assertThrows(ArithmeticException.class, () -> doubles.deductFn()
                .accept(new LongDoubleAccumulator(Long.MIN_VALUE, 0), new LongDoubleAccumulator(1, 1.0)));

        assertTrue(e.getMessage().startsWith("averagingLong(): the count overflows a long"), e.getMessage());
        assertTrue(d.getMessage().startsWith("averagingDouble(): the count overflows a long"), d.getMessage());
        assertEquals(new LongDoubleAccumulator(Long.MAX_VALUE, 0), fullDoubles, "unchanged after the failures");
    }

    @Test
    void when_topNHasTies_then_keepsNItemsBestFirst() {
        List<Integer> items = List.of(5, 1, 5, 3, 5, 2);
        assertEquals(List.of(5, 5, 5), runAll(topN(3, ComparatorEx.<Integer>naturalOrder()), items));
        assertEquals(List.of(1, 2), runAll(bottomN(2, ComparatorEx.<Integer>naturalOrder()), items));
    }

    @Test
    void when_topNAccumulates_then_queueNeverExceedsN() {
        AggregateOperation1<Integer, PriorityQueue<Integer>, List<Integer>> op = topN(4, ComparatorEx.naturalOrder());
        PriorityQueue<Integer> acc = op.createFn().get();
        for (int i = 0; i < 1000; i++) {
            op.accumulateFn().accept(acc, i);
            assertTrue(acc.size() <= 4, () -> "queue grew to " + acc.size());
        }
        assertEquals(List.of(999, 998, 997, 996), op.exportFn().apply(acc));
    }

    @Test
    void when_toListFinishes_then_returnsAccumulatorButExportCopies() {
        AggregateOperation1<String, List<String>, List<String>> op = toList();
        List<String> acc = op.createFn().get();
        op.accumulateFn().accept(acc, "a");

        List<String> exported = op.exportFn().apply(acc);
        exported.add("not in the accumulator");

        assertNotSame(acc, exported);
        assertEquals(List.of("a"), acc);
        assertSame(acc, op.finishFn().apply(acc));
    }

    @Test
    void when_mapFnReturnsNull_then_itemSkipped() {
        assertEquals(2L, runAll(mapping((String s) -> s.isEmpty() ? null : s, counting()), List.of("a", "", "b")));
    }

    @Test
    void when_nested_then_composes() {
        AggregateOperation1<String, ?, Long> longWordsTotalLength =
                filtering((String s) -> s.length() > 2, mapping(String::length, summingLong((Integer n) -> n)));
        assertEquals(9L, runAll(longWordsTotalLength, List.of("a", "abc", "de", "fghijk")));
        assertTrue(longWordsTotalLength.deductFn() != null, "filtering(mapping(summing)) should deduct");
    }

    @Test
    void when_allOfHasComponentWithoutDeduct_then_noDeduct() {
        assertNull(allOf(counting(), maxBy(ComparatorEx.naturalOrder())).deductFn());
        assertNull(allOf(counting(), counting(), toList()).deductFn());
        assertTrue(allOf(counting(), counting(), counting()).deductFn() != null);
    }

    @Test
    void when_toMapDuplicateKeyInOneAccumulator_then_messageNamesKey() {
        AggregateOperation1<String, Map<String, String>, Map<String, String>> op =
                toMap((String s) -> "key-" + s.charAt(0), s -> s);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runAll(op, List.of("apple", "avocado")));

        assertTrue(e.getMessage().contains("key-a"), e.getMessage());
        assertTrue(e.getMessage().contains("apple") && e.getMessage().contains("avocado"), e.getMessage());
    }

    @Test
    void when_toMapDuplicateKeyAcrossAccumulators_then_combineFailsNamingKey() {
        AggregateOperation1<String, Map<String, Integer>, Map<String, Integer>> op =
                toMap((String s) -> s, String::length);
        Map<String, Integer> left = op.createFn().get();
        Map<String, Integer> right = op.createFn().get();
        op.accumulateFn().accept(left, "dup");
        op.accumulateFn().accept(right, "dup");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> op.combineFn().accept(left, right));

        assertTrue(e.getMessage().contains("duplicate key dup"), e.getMessage());
    }

    @Test
    void when_toMapFunctionReturnsNull_then_npeNamingFunction() {
        AggregateOperation1<String, Map<String, String>, Map<String, String>> op = toMap((String s) -> null, s -> s);

        NullPointerException e = assertThrows(NullPointerException.class, () -> runAll(op, List.of("x")));

        assertEquals("toMap(): keyFn returned null for x", e.getMessage());
        NullPointerException valueNull = assertThrows(NullPointerException.class,
                () -> runAll(toMap((String s) -> s, s -> null), List.of("y")));
        assertEquals("toMap(): valueFn returned null for y", valueNull.getMessage());
    }

    @Test
    void when_nLessThanOne_then_messageNamesParameterAndValue() {
        IllegalArgumentException top = assertThrows(IllegalArgumentException.class,
                () -> topN(0, ComparatorEx.naturalOrder()));
        IllegalArgumentException bottom = assertThrows(IllegalArgumentException.class,
                () -> bottomN(-3, ComparatorEx.naturalOrder()));

        assertEquals("n must be at least 1, but was 0", top.getMessage());
        assertEquals("n must be at least 1, but was -3", bottom.getMessage());
    }

    @Test
    void when_functionNull_then_messageNamesParameter() {
        assertMessage(NullPointerException.class, "getLongValueFn must not be null", () -> summingLong(null));
        assertMessage(NullPointerException.class, "getDoubleValueFn must not be null", () -> averagingDouble(null));
        assertMessage(NullPointerException.class, "comparator must not be null", () -> minBy(null));
        assertMessage(NullPointerException.class, "comparator must not be null", () -> topN(1, null));
        assertMessage(NullPointerException.class, "valueFn must not be null", () -> toMap(s -> s, null));
        assertMessage(NullPointerException.class, "combineFn must not be null",
                () -> reducing(0, (Integer i) -> i, null, null));
        assertMessage(NullPointerException.class, "mapFn must not be null", () -> mapping(null, counting()));
        assertMessage(NullPointerException.class, "downstream must not be null",
                () -> filtering((Object o) -> true, null));
        assertMessage(NullPointerException.class, "op1 must not be null", () -> allOf(counting(), null));
        assertMessage(NullPointerException.class, "op2 must not be null",
                () -> allOf(counting(), counting(), (AggregateOperation1<Object, ?, ?>) null));
        assertMessage(NullPointerException.class, "thenFn must not be null", () -> counting().andThen(null));
    }

    @Test
    void when_functionCapturesNonSerializable_then_messageNamesParameter() {
        Object notSerializable = new Object();

        assertMessageContains("getLongValueFn is not serializable",
                () -> summingLong((String s) -> notSerializable.hashCode()));
        assertMessageContains("filterFn is not serializable",
                () -> filtering((String s) -> s.equals(notSerializable), counting()));
        assertMessageContains("emptyValue is not serializable",
                () -> reducing(notSerializable, (String s) -> s, (a, b) -> a, null));
        FunctionEx<Long, String> capturing = n -> n + notSerializable.toString();
        assertMessageContains("thenFn is not serializable", () -> counting().andThen(capturing));
    }

    private static <T, A, R> R runAll(AggregateOperation1<? super T, A, ? extends R> op, List<T> items) {
        A acc = op.createFn().get();
        for (T item : new ArrayList<>(items)) {
            op.accumulateFn().accept(acc, item);
        }
        return op.finishFn().apply(acc);
    }

    private static void assertMessage(Class<? extends Throwable> type, String message,
                                      org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }

    private static void assertMessageContains(String part, org.junit.jupiter.api.function.Executable call) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(message.contains(part), () -> "expected <" + part + "> in <" + message + ">");
    }
}
