package io.sluice.engine.datamodel;

import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ObjectStreamClass;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WindowResult}, {@link KeyedWindowResult} and how they compare with {@link KeyedResult}. */
@Timeout(30)
class WindowResultTest {

    @Test
    void when_keyedWindowResult_then_isWindowResultAndMapEntry() {
        KeyedWindowResult<String, Long> r = new KeyedWindowResult<>(0, 10, "a", 5L, true);

        WindowResult<Long> asWindowResult = r;
        Map.Entry<String, Long> asEntry = r;

        assertEquals(0, asWindowResult.start());
        assertEquals(10, asWindowResult.end());
        assertEquals(5L, asWindowResult.result());
        assertTrue(asWindowResult.isEarly());
        assertEquals("a", asEntry.getKey());
        assertEquals(5L, asEntry.getValue());
        assertEquals("a", r.key());
        assertEquals("KeyedWindowResult is immutable",
                assertThrows(UnsupportedOperationException.class, () -> r.setValue(6L)).getMessage());
    }

    @Test
    void when_finalConstructor_then_notEarly() {
        assertFalse(new WindowResult<>(0, 10, 1).isEarly());
        assertFalse(new KeyedWindowResult<>(0, 10, "k", 1).isEarly());
    }

    @Test
    void when_sameComponents_then_equalAndSameHashCode() {
        KeyedWindowResult<String, Long> r = new KeyedWindowResult<>(0, 10, "a", 5L);

        assertValue(r, new KeyedWindowResult<>(0, 10, "a", 5L));
        assertValue(new WindowResult<>(0, 10, 5L), new WindowResult<>(0, 10, 5L));
        assertValue(new WindowResult<>(0, 10, null, true), new WindowResult<>(0, 10, null, true));
        for (KeyedWindowResult<String, Long> other : List.of(
                new KeyedWindowResult<>(1, 10, "a", 5L), new KeyedWindowResult<>(0, 11, "a", 5L),
                new KeyedWindowResult<>(0, 10, "b", 5L), new KeyedWindowResult<>(0, 10, "a", 6L),
                new KeyedWindowResult<>(0, 10, "a", 5L, true))) {
            assertNotEquals(r, other);
            assertNotEquals(other, r);
        }
    }

    @Test
    void when_windowResultAndKeyedWindowResultAlike_then_notEqualEitherWay() {
        WindowResult<Long> plain = new WindowResult<>(0, 10, 5L);
        KeyedWindowResult<Long, Long> keyed = new KeyedWindowResult<>(0, 10, null, 5L);

        assertNotEquals(plain, keyed);
        assertNotEquals(keyed, plain);
    }

    @Test
    void when_keyedResultWithSameKeyAndValue_then_notEqualEitherWay() {
        KeyedWindowResult<String, Long> windowed = new KeyedWindowResult<>(0, 10, "a", 5L);
        KeyedResult<String, Long> keyed = KeyedResult.of("a", 5L);

        assertNotEquals(keyed, windowed);
        assertNotEquals(windowed, keyed);
        // KeyedResult still follows the Map.Entry contract with other entries
        assertEquals(keyed, new AbstractMap.SimpleEntry<>("a", 5L));
        assertEquals(keyed, Map.entry("a", 5L));
    }

    @Test
    void when_resultsOfDifferentWindowsInSet_then_allKept() {
        Set<WindowResult<Long>> set = new HashSet<>(Arrays.asList(
                new KeyedWindowResult<>(0, 10, "a", 1L), new KeyedWindowResult<>(10, 20, "a", 1L),
                new WindowResult<>(0, 10, 1L), new KeyedWindowResult<>(0, 10, "a", 1L)));

        assertEquals(3, set.size());
    }

    @Test
    void when_keyedWindowResultsPutIntoMap_then_usableAsEntries() {
        Map<String, Long> map = new HashMap<>();
        for (Map.Entry<String, Long> e : List.of(new KeyedWindowResult<>(0, 10, "a", 1L),
                new KeyedWindowResult<>(0, 10, "b", 2L))) {
            map.put(e.getKey(), e.getValue());
        }

        assertEquals(Map.of("a", 1L, "b", 2L), map);
    }

    @Test
    void when_toString_then_namesEveryComponent() {
        assertEquals("WindowResult[start=0, end=10, result=5, isEarly=false]", new WindowResult<>(0, 10, 5).toString());
        assertEquals("KeyedWindowResult[start=0, end=10, key=a, result=5, isEarly=true]",
                new KeyedWindowResult<>(0, 10, "a", 5, true).toString());
    }

    @Test
    void when_serialized_then_sameClassAndEqual() {
        KeyedWindowResult<String, Long> keyed = new KeyedWindowResult<>(3, 13, "a", 5L, true);
        WindowResult<List<String>> plain = new WindowResult<>(3, 13, List.of("x"));

        assertInstanceOf(KeyedWindowResult.class, Util.roundTrip(keyed));
        assertEquals(keyed, Util.roundTrip(keyed));
        assertEquals(plain, Util.roundTrip(plain));
    }

    @Test
    void when_serialFormInspected_then_pinnedVersionAndFields() {
        // The serialized form is API (results travel between nodes and into snapshots): changing these
        // fields or the version needs a migration plan, not just a test update.
        ObjectStreamClass plain = ObjectStreamClass.lookup(WindowResult.class);
        ObjectStreamClass keyed = ObjectStreamClass.lookup(KeyedWindowResult.class);

        assertEquals(1L, plain.getSerialVersionUID());
        assertEquals(1L, keyed.getSerialVersionUID());
        assertEquals(List.of("end", "isEarly", "start", "result"), fieldNames(plain));
        assertEquals(List.of("key"), fieldNames(keyed));
    }

    private static List<String> fieldNames(ObjectStreamClass c) {
        return Arrays.stream(c.getFields()).map(java.io.ObjectStreamField::getName).toList();
    }

    private static void assertValue(Object r, Object same) {
        assertEquals(r, same);
        assertEquals(r.hashCode(), same.hashCode());
        assertNotEquals(r, null);
        Object copy = Util.roundTrip((java.io.Serializable) r);
        assertEquals(r, copy);
        assertEquals(r.hashCode(), copy.hashCode());
    }
}
