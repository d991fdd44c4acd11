package io.sluice.engine.impl.stream;

import io.sluice.engine.core.test.TestSupport;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.pipeline.Traverser;
import io.sluice.engine.pipeline.Traversers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state-deletion predicate of {@link StatefulMapP}: a key's state is removed right after the
 * item that makes the predicate true, the number of keys with state drops accordingly, and
 * snapshots hold only the states still alive.
 */
@Timeout(60)
class StatefulMapPDeleteStateTest {

    /** Per key (the item's first char): the running count, emitted as "key:count"; the state goes at count 3. */
    private static StatefulMapP countToThree(long ttl, TriFunction<long[], Character, Long, Traverser<String>> onEvict) {
        TriFunction<long[], Character, String, Traverser<String>> fn = (st, k, s) -> Traversers.singleton(k + ":" + ++st[0]);
        PredicateEx<long[]> delete = st -> st[0] == 3;
        return new StatefulMapP((String s) -> s.charAt(0), ttl, () -> new long[1], fn, onEvict, delete);
    }

    private static List<String> randomKeys(long seed, int n) {
        Random rnd = new Random(seed);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(String.valueOf((char) ('a' + rnd.nextInt(20))));
        }
        return items;
    }

    /** Plain Java: count per key, forgetting a key at 3. */
    private static List<String> reference(List<String> items) {
        Map<Character, Long> counts = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String s : items) {
            char k = s.charAt(0);
            long c = counts.merge(k, 1L, Long::sum);
            out.add(k + ":" + c);
            if (c == 3) {
                counts.remove(k);
            }
        }
        return out;
    }

    @Test
    void when_predicateTrue_then_stateSizeDrops() throws Exception {
        TestHarness h = new TestHarness(countToThree(0, null), 1);
        h.feed(List.of("a", "b", "a"));
        assertEquals(2, ((StatefulMapP) h.processor).accumulatedRecords());
        h.feed(List.of("a")); // a reaches 3: its state goes
        assertEquals(1, ((StatefulMapP) h.processor).accumulatedRecords());
        h.feed(List.of("b", "b")); // b reaches 3 too
        assertEquals(0, ((StatefulMapP) h.processor).accumulatedRecords());
        h.feed(List.of("a")); // starts again from createFn
        assertEquals(List.of("a:1", "b:1", "a:2", "a:3", "b:2", "b:3", "a:1"), h.items());
        assertEquals(1, ((StatefulMapP) h.processor).accumulatedRecords());
    }

    @Test
    void when_manyKeysFinish_then_stateStaysBoundedAndOutputMatchesReference() throws Exception {
        // every key's state lives for 3 items at most: with 20 keys there are never more than 20
        List<String> items = randomKeys(11, 20_000);
        TestHarness h = new TestHarness(countToThree(0, null), 3);
        long max = 0;
        for (int i = 0; i < items.size(); i += 100) {
            h.feed(items.subList(i, i + 100));
            max = Math.max(max, ((StatefulMapP) h.processor).accumulatedRecords());
        }
        assertTrue(max <= 20, "keys with state: " + max);
        assertEquals(reference(items), h.items());
    }

    @Test
    void when_snapshotAndRestoreAnywhere_then_sameOutput() throws Exception {
        // TestSupport saves and restores the processor's state between items and checks the output
        List<String> items = randomKeys(12, 400);
        TestSupport.verifyProcessor(ctx -> countToThree(0, null)).input(items).expectOutput(reference(items)).verify();
    }

    @Test
    void when_snapshotTaken_then_holdsOnlyLiveStates() throws Exception {
        List<String> items = List.of("a", "b", "a", "c", "a", "c");
        TestHarness first = new TestHarness(countToThree(0, null), 4);
        first.feed(items); // a deleted; b:1, c:2 alive
        List<Map.Entry<Object, Object>> saved = first.snapshot();
        assertEquals(2, saved.size());
        TestHarness second = TestHarness.restore(countToThree(0, null), saved, 5);
        second.feed(List.of("a", "b", "c", "c"));
        assertEquals(List.of("a:1", "b:2", "c:3", "c:1"), second.items());
    }

    @Test
    void when_deletedWithTtl_then_notEvictedAgain() throws Exception {
        // a key removed by the predicate is not handed to onEvictFn; a key still held is
        TestHarness h = new TestHarness(countToThree(10, (st, k, wm) -> Traversers.singleton("evict " + k + " " + st[0])), 6);
        h.feed(List.of(new TimestampedItem<>(1, "a"), new TimestampedItem<>(2, "a"), new TimestampedItem<>(3, "a"),
                new TimestampedItem<>(4, "b")));
        assertEquals(1, ((StatefulMapP) h.processor).accumulatedRecords());
        h.watermark(100);
        assertEquals(List.of(new TimestampedItem<>(1, "a:1"), new TimestampedItem<>(2, "a:2"), new TimestampedItem<>(3, "a:3"),
                new TimestampedItem<>(4, "b:1"), new TimestampedItem<>(100, "evict b 1")), h.items());
        assertEquals(0, ((StatefulMapP) h.processor).accumulatedRecords());
    }
}
