package io.sluice.engine.aggregate;

import io.sluice.engine.accumulator.DoubleAccumulator;
import io.sluice.engine.accumulator.LinTrendAccumulator;
import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.accumulator.LongDoubleAccumulator;
import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.accumulator.MutableReference;
import io.sluice.engine.accumulator.PickAnyAccumulator;
import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mutable accumulators of {@code io.sluice.engine.accumulator}. */
@Timeout(30)
class AccumulatorsTest {

    @Test
    void longAccumulator_arithmeticWrapsAndSubtractUndoesAdd() {
        LongAccumulator acc = new LongAccumulator(Long.MAX_VALUE);

        assertSame(acc, acc.add(2));
        assertEquals(Long.MIN_VALUE + 1, acc.get());
        acc.subtract(new LongAccumulator(2));
        assertEquals(Long.MAX_VALUE, acc.get());
        assertEquals(5, acc.set(3).add(new LongAccumulator(4)).subtract(2).get());
    }

    @Test
    void doubleAccumulator_arithmetic() {
        DoubleAccumulator acc = new DoubleAccumulator(1.5);

        acc.add(2).add(new DoubleAccumulator(0.5)).subtract(1).subtract(new DoubleAccumulator(1));

        assertEquals(2.0, acc.get());
        assertEquals(-1.0, acc.set(-1).get());
    }

    @Test
    void longLongAccumulator_arithmetic() {
        LongLongAccumulator acc = new LongLongAccumulator(1, 10);

        acc.add1(1).add2(5).add(new LongLongAccumulator(3, 30)).subtract(new LongLongAccumulator(1, 1));

        assertEquals(4, acc.get1());
        assertEquals(44, acc.get2());
        assertEquals(new LongLongAccumulator(7, 8), acc.set1(7).set2(8));
    }

    @Test
    void longDoubleAccumulator_arithmetic() {
        LongDoubleAccumulator acc = new LongDoubleAccumulator(1, 0.5);

        acc.addLong(1).addDouble(1).add(new LongDoubleAccumulator(2, 2)).subtract(new LongDoubleAccumulator(1, 0.5));

        assertEquals(3, acc.getLong());
        assertEquals(3.0, acc.getDouble());
        assertEquals(new LongDoubleAccumulator(7, 8.5), acc.setLong(7).setDouble(8.5));
    }

    @Test
    void mutableReference_holdsNullable() {
        MutableReference<String> ref = new MutableReference<>();

        assertTrue(ref.isNull());
        assertEquals("x", ref.set("x").get());
        assertFalse(ref.isNull());
        assertNull(ref.set(null).get());
    }

    @Test
    void pickAny_keepsFirstAndCountsAll() {
        PickAnyAccumulator<String> left = new PickAnyAccumulator<>();
        PickAnyAccumulator<String> right = new PickAnyAccumulator<String>().accumulate("r1").accumulate("r2");

        left.combine(right);
        left.accumulate("l1");

        assertEquals("r1", left.get());
        assertEquals(3, left.count());
        assertEquals("r1", right.get());
        assertEquals(2, right.count());
        assertEquals("item must not be null", assertThrows(NullPointerException.class, () -> left.accumulate(null))
                .getMessage());
    }

    @Test
    void linTrend_combineAndDeductAreExactInverses() {
        LinTrendAccumulator acc = new LinTrendAccumulator().accumulate(1, 2).accumulate(3, 7);
        LinTrendAccumulator other = new LinTrendAccumulator().accumulate(Long.MAX_VALUE, Long.MIN_VALUE);
        LinTrendAccumulator before = new LinTrendAccumulator().accumulate(1, 2).accumulate(3, 7);

        assertSame(acc, acc.combine(other));
        assertEquals(3, acc.count());
        acc.deduct(other);

        assertEquals(before, acc);
        assertEquals(2.5, acc.export());
    }

    @Test
    void when_sameState_then_equalHashCodeAndReadableToString() {
        assertValueSemantics(new LongAccumulator(3), new LongAccumulator(3), new LongAccumulator(4),
                "LongAccumulator(3)");
        assertValueSemantics(new DoubleAccumulator(Double.NaN), new DoubleAccumulator(Double.NaN),
                new DoubleAccumulator(0), "DoubleAccumulator(NaN)");
        assertValueSemantics(new LongLongAccumulator(1, 2), new LongLongAccumulator(1, 2),
                new LongLongAccumulator(2, 1), "LongLongAccumulator(1, 2)");
        assertValueSemantics(new LongDoubleAccumulator(1, 2.5), new LongDoubleAccumulator(1, 2.5),
                new LongDoubleAccumulator(1, 2.25), "LongDoubleAccumulator(1, 2.5)");
        assertValueSemantics(new MutableReference<>("a"), new MutableReference<>("a"), new MutableReference<>(),
                "MutableReference(a)");
        assertValueSemantics(new PickAnyAccumulator<String>().accumulate("a"),
                new PickAnyAccumulator<String>().accumulate("a"),
                new PickAnyAccumulator<String>().accumulate("a").accumulate("b"),
                "PickAnyAccumulator(a, count=1)");
        assertValueSemantics(new LinTrendAccumulator().accumulate(2, 3), new LinTrendAccumulator().accumulate(2, 3),
                new LinTrendAccumulator().accumulate(3, 2), "LinTrendAccumulator(n=1, sumX=2, sumY=3, sumXY=6, sumX2=4)");
    }

    private static void assertValueSemantics(Serializable acc, Serializable same, Serializable different,
                                             String expectedToString) {
        assertEquals(acc, same);
        assertEquals(acc.hashCode(), same.hashCode());
        assertNotEquals(acc, different);
        assertNotEquals(acc, null);
        assertEquals(expectedToString, acc.toString());
        Serializable copy = Util.roundTrip(acc);
        assertEquals(acc, copy, "after a serialization round trip");
        assertEquals(acc.hashCode(), copy.hashCode());
    }
}
