package io.sluice.engine.aggregate;

import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The staged builder started by {@link AggregateOperation#withCreate} and {@code andThen}. */
@Timeout(30)
class AggregateOperationBuilderTest {

    private static AggregateOperation1<String, LongAccumulator, Long> totalLength() {
        return AggregateOperation
                .withCreate(LongAccumulator::new)
                .<String>andAccumulate((acc, s) -> acc.add(s.length()))
                .andCombine(LongAccumulator::add)
                .andDeduct(LongAccumulator::subtract)
                .andExportFinish(LongAccumulator::get);
    }

    /** Co-aggregation of two inputs: value1 counts input 0, value2 sums the lengths of input 1. */
    private static AggregateOperation<LongLongAccumulator, String> countAndLength() {
        return AggregateOperation
                .withCreate(LongLongAccumulator::new)
                .<Object>andAccumulate0((acc, item) -> acc.add1(1))
                .<String>andAccumulate1((acc, s) -> acc.add2(s.length()))
                .andCombine(LongLongAccumulator::add)
                .andExportFinish(acc -> acc.get1() + "/" + acc.get2());
    }

    @Test
    void when_builtWithAndAccumulate_then_singleInputOperation() {
        AggregateOperation1<String, LongAccumulator, Long> op = totalLength();
        LongAccumulator left = op.createFn().get();
        LongAccumulator right = op.createFn().get();

        op.accumulateFn().accept(left, "ab");
        op.accumulateFn(0).accept(right, "cde");
        op.combineFn().accept(left, right);

        assertEquals(1, op.arity());
        assertEquals(5L, op.exportFn().apply(left));
        op.deductFn().accept(left, right);
        assertEquals(2L, op.finishFn().apply(left));
    }

    @Test
    void when_andDeductOmitted_then_deductFnNull() {
        AggregateOperation1<String, LongAccumulator, Long> op = AggregateOperation
                .withCreate(LongAccumulator::new)
                .<String>andAccumulate((acc, s) -> acc.add(1))
                .andCombine(LongAccumulator::add)
                .andExportFinish(LongAccumulator::get);

        assertNull(op.deductFn());
    }

    @Test
    void when_andExportThenAndFinish_then_separatePrimitives() {
        AggregateOperation1<String, List<String>, List<String>> op = AggregateOperation
                .<List<String>>withCreate(ArrayList::new)
                .<String>andAccumulate(List::add)
                .andCombine(List::addAll)
                .<List<String>>andExport(ArrayList::new)
                .andFinish(acc -> acc);
        List<String> acc = op.createFn().get();
        op.accumulateFn().accept(acc, "x");

        List<String> exported = op.exportFn().apply(acc);

        assertEquals(List.of("x"), exported);
        assertNotSame(acc, exported);
        assertSame(acc, op.finishFn().apply(acc));
    }

    @Test
    void when_andDeductCalledTwice_then_illegalState() {
        AggregateOperationBuilder.Arity1Combinable<String, LongAccumulator> withDeduct = AggregateOperation
                .withCreate(LongAccumulator::new)
                .<String>andAccumulate((acc, s) -> acc.add(1))
                .andCombine(LongAccumulator::add)
                .andDeduct(LongAccumulator::subtract);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> withDeduct.andDeduct(LongAccumulator::subtract));

        assertEquals("deductFn was already set: call andDeduct(..) once", e.getMessage());
    }

    @Test
    void when_twoInputs_then_eachIndexHasItsAccumulateFn() {
        AggregateOperation<LongLongAccumulator, String> op = countAndLength();
        LongLongAccumulator acc = op.createFn().get();

        op.<Object>accumulateFn(0).accept(acc, 42);
        op.<Object>accumulateFn(0).accept(acc, "anything");
        op.<String>accumulateFn(1).accept(acc, "four");

        assertEquals(2, op.arity());
        assertEquals("2/4", op.exportFn().apply(acc));
        assertNull(op.deductFn());
        assertTrue(!(op instanceof AggregateOperation1), "a two-input operation is not an AggregateOperation1");
    }

    @Test
    void when_threeInputs_then_arityThreeAndDeductWorks() {
        AggregateOperation<long[], String> op = AggregateOperation
                .withCreate(() -> new long[3])
                .<String>andAccumulate0((acc, s) -> acc[0]++)
                .<String>andAccumulate1((acc, s) -> acc[1]++)
                .<String>andAccumulate2((acc, s) -> acc[2]++)
                .andCombine((l, r) -> {
                    for (int i = 0; i < 3; i++) {
                        l[i] += r[i];
                    }
                })
                .andDeduct((l, r) -> {
                    for (int i = 0; i < 3; i++) {
                        l[i] -= r[i];
                    }
                })
                .<String>andExport(acc -> acc[0] + "," + acc[1] + "," + acc[2])
                .andFinish(acc -> "final " + acc[0] + "," + acc[1] + "," + acc[2]);
        long[] left = op.createFn().get();
        long[] right = op.createFn().get();
        op.<String>accumulateFn(0).accept(left, "a");
        op.<String>accumulateFn(2).accept(right, "b");
        op.<String>accumulateFn(2).accept(right, "c");

        op.combineFn().accept(left, right);
        assertEquals("1,0,2", op.exportFn().apply(left));
        op.deductFn().accept(left, right);

        assertEquals(3, op.arity());
        assertEquals("final 1,0,0", op.finishFn().apply(left));
    }

    @Test
    void when_indexOutOfRange_then_messageNamesIndexAndArity() {
        AggregateOperation<LongLongAccumulator, String> op = countAndLength();

        IllegalArgumentException tooHigh = assertThrows(IllegalArgumentException.class, () -> op.accumulateFn(2));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> totalLength().accumulateFn(-1));

        assertEquals("index must be at least 0 and below the arity 2, but was 2", tooHigh.getMessage());
        assertEquals("index must be at least 0 and below the arity 1, but was -1", negative.getMessage());
    }

    @Test
    void when_stepGetsNull_then_messageNamesParameter() {
        var accumulated = AggregateOperation.withCreate(LongAccumulator::new).<String>andAccumulate((a, s) -> a.add(1));
        var combinable = accumulated.andCombine(LongAccumulator::add);

        assertNpe("createFn must not be null", () -> AggregateOperation.withCreate(null));
        assertNpe("accumulateFn must not be null",
                () -> AggregateOperation.withCreate(LongAccumulator::new).andAccumulate(null));
        assertNpe("accumulateFn0 must not be null",
                () -> AggregateOperation.withCreate(LongAccumulator::new).andAccumulate0(null));
        assertNpe("accumulateFn1 must not be null", () -> AggregateOperation.withCreate(LongAccumulator::new)
                .andAccumulate0((a, x) -> { }).andAccumulate1(null));
        assertNpe("accumulateFn2 must not be null", () -> AggregateOperation.withCreate(LongAccumulator::new)
                .andAccumulate0((a, x) -> { }).andAccumulate1((a, x) -> { }).andAccumulate2(null));
        assertNpe("deductFn must not be null", () -> combinable.andDeduct(null));
        assertNpe("exportFinishFn must not be null", () -> combinable.andExportFinish(null));
        assertNpe("exportFn must not be null", () -> combinable.andExport(null));
        assertNpe("finishFn must not be null", () -> combinable.andExport(LongAccumulator::get).andFinish(null));
    }

    @Test
    void when_combineLeftOut_then_combineFnNullAndSinglePassWorks() {
        AggregateOperation1<String, List<String>, String> op = AggregateOperation
                .<List<String>>withCreate(ArrayList::new)
                .<String>andAccumulate((list, s) -> {
                    if (list.size() < 3) {
                        list.add(s);
                    }
                })
                .andExportFinish(list -> String.join(",", list));
        List<String> acc = op.createFn().get();
        for (String s : List.of("a", "b", "c", "d")) {
            op.accumulateFn().accept(acc, s);
        }

        assertNull(op.combineFn());
        assertNull(op.deductFn());
        assertEquals("a,b,c", op.finishFn().apply(acc));
        assertEquals("a,b,c", Util.roundTrip(op).exportFn().apply(acc));
    }

    @Test
    void when_andCombineNull_then_sameAsLeftOut() {
        AggregateOperation1<String, LongAccumulator, Long> op = AggregateOperation
                .withCreate(LongAccumulator::new)
                .<String>andAccumulate((acc, s) -> acc.add(1))
                .andCombine(null)
                .<Long>andExport(LongAccumulator::get)
                .andFinish(LongAccumulator::get);

        assertNull(op.combineFn());
        assertTrue(op.toString().contains("combine=false"), op.toString());
    }

    @Test
    void when_multiInputWithoutCombine_then_combineFnNull() {
        AggregateOperation<long[], String> two = AggregateOperation
                .withCreate(() -> new long[2])
                .<String>andAccumulate0((acc, s) -> acc[0]++)
                .<String>andAccumulate1((acc, s) -> acc[1]++)
                .andExportFinish(acc -> acc[0] + "/" + acc[1]);
        AggregateOperation<long[], String> three = AggregateOperation
                .withCreate(() -> new long[3])
                .<String>andAccumulate0((acc, s) -> acc[0]++)
                .<String>andAccumulate1((acc, s) -> acc[1]++)
                .<String>andAccumulate2((acc, s) -> acc[2]++)
                .<String>andExport(acc -> "export")
                .andFinish(acc -> "finish");
        long[] acc = two.createFn().get();
        two.<String>accumulateFn(1).accept(acc, "x");

        assertNull(two.combineFn());
        assertNull(three.combineFn());
        assertEquals("0/1", two.finishFn().apply(acc));
        assertEquals(3, three.arity());
        assertEquals("finish", three.finishFn().apply(three.createFn().get()));
    }

    @Test
    void when_andDeductWithoutCombine_then_illegalStateNamingFix() {
        var noCombine = AggregateOperation.withCreate(LongAccumulator::new)
                .<String>andAccumulate((a, s) -> a.add(1)).andCombine(null);
        var multiNoCombine = AggregateOperation.withCreate(LongAccumulator::new)
                .andAccumulate0((a, x) -> { }).andAccumulate1((a, x) -> { }).andCombine(null);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> noCombine.andDeduct(LongAccumulator::subtract));
        assertThrows(IllegalStateException.class, () -> multiNoCombine.andDeduct(LongAccumulator::subtract));

        assertEquals("deductFn undoes combineFn, but combineFn is null: pass a non-null combineFn to "
                + "andCombine(..), or leave out andDeduct(..)", e.getMessage());
    }

    @Test
    void when_stepCapturesNonSerializable_then_messageNamesParameter() {
        Object notSerializable = new Object();
        BiConsumerEx<LongAccumulator, LongAccumulator> capturing = (l, r) -> l.add(notSerializable.hashCode());
        var accumulated = AggregateOperation.withCreate(LongAccumulator::new).<String>andAccumulate((a, s) -> a.add(1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> accumulated.andCombine(capturing));

        assertTrue(e.getMessage().startsWith("combineFn is not serializable"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void when_andThen_then_exportAndFinishMappedAndOtherPrimitivesKept() {
        AggregateOperation1<String, LongAccumulator, Long> base = totalLength();
        AggregateOperation1<String, LongAccumulator, String> op = base.andThen(n -> "len=" + n);
        LongAccumulator acc = op.createFn().get();

        op.accumulateFn().accept(acc, "hello");

        assertEquals("len=5", op.exportFn().apply(acc));
        assertEquals("len=5", op.finishFn().apply(acc));
        assertSame(base.combineFn(), op.combineFn());
        assertSame(base.deductFn(), op.deductFn());
    }

    @Test
    void when_andThenOnMultiInput_then_arityKept() {
        AggregateOperation<LongLongAccumulator, Integer> op = countAndLength().andThen(String::length);
        LongLongAccumulator acc = op.createFn().get();

        op.<String>accumulateFn(1).accept(acc, "0123456789");

        assertEquals(2, op.arity());
        assertEquals("0/10".length(), op.exportFn().apply(acc));
    }

    @Test
    void when_builtOperationSerialized_then_worksAfterRoundTrip() {
        AggregateOperation<LongLongAccumulator, String> op = Util.roundTrip(countAndLength());
        LongLongAccumulator acc = Util.roundTrip(op.createFn().get());

        op.<String>accumulateFn(1).accept(acc, "abc");

        assertInstanceOf(String.class, op.finishFn().apply(acc));
        assertEquals("0/3", op.finishFn().apply(acc));
    }

    private static void assertNpe(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(NullPointerException.class, call).getMessage());
    }
}
