package io.sluice.engine.datamodel;

import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@link Tuple2} to {@link Tuple5}: components, value semantics, serialization. */
@Timeout(30)
class TuplesTest {

    @Test
    void when_tuple4Created_then_componentsInOrder() {
        Tuple4<String, Integer, Long, Double> t = Tuple4.tuple4("a", 1, 2L, 3.0);

        assertEquals("a", t.f0());
        assertEquals(1, t.f1());
        assertEquals(2L, t.f2());
        assertEquals(3.0, t.f3());
    }

    @Test
    void when_tuple5Created_then_componentsInOrder() {
        Tuple5<String, Integer, Long, Double, Boolean> t = Tuple5.tuple5("a", 1, 2L, 3.0, true);

        assertEquals("a", t.f0());
        assertEquals(1, t.f1());
        assertEquals(2L, t.f2());
        assertEquals(3.0, t.f3());
        assertEquals(true, t.f4());
    }

    @Test
    void when_sameComponents_then_equalAndSameHashCode() {
        assertValue(Tuple4.tuple4("a", null, 2L, 3.0), Tuple4.tuple4("a", null, 2L, 3.0),
                Tuple4.tuple4("a", null, 2L, 3.5));
        assertValue(Tuple5.tuple5("a", 1, null, 3.0, true), Tuple5.tuple5("a", 1, null, 3.0, true),
                Tuple5.tuple5("a", 1, null, 3.0, false));
        // every component takes part in equals
        Tuple5<Integer, Integer, Integer, Integer, Integer> base = Tuple5.tuple5(0, 1, 2, 3, 4);
        assertNotEquals(base, Tuple5.tuple5(9, 1, 2, 3, 4));
        assertNotEquals(base, Tuple5.tuple5(0, 9, 2, 3, 4));
        assertNotEquals(base, Tuple5.tuple5(0, 1, 9, 3, 4));
        assertNotEquals(base, Tuple5.tuple5(0, 1, 2, 9, 4));
        assertNotEquals(base, Tuple5.tuple5(0, 1, 2, 3, 9));
    }

    @Test
    void when_toString_then_likeTheSmallerTuples() {
        assertEquals("Tuple2[f0=a, f1=1]", Tuple2.tuple2("a", 1).toString());
        assertEquals("Tuple4[f0=a, f1=1, f2=null, f3=x]", Tuple4.tuple4("a", 1, null, "x").toString());
        assertEquals("Tuple5[f0=a, f1=1, f2=2, f3=3, f4=4]", Tuple5.tuple5("a", 1, 2, 3, 4).toString());
    }

    private static void assertValue(Object t, Object same, Object different) {
        assertEquals(t, same);
        assertEquals(t.hashCode(), same.hashCode());
        assertNotEquals(t, different);
        assertNotEquals(t, null);
        Object copy = Util.roundTrip((java.io.Serializable) t);
        assertEquals(t, copy, "after a serialization round trip");
        assertEquals(t.hashCode(), copy.hashCode());
    }
}
