package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.TimestampedItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class RollingAggregatePTest {

    @Test
    void when_keyed_then_runningResultPerKeyWithTimestamp() throws Exception {
        RollingAggregateP p = new RollingAggregateP((String s) -> s.charAt(0), AggregateOperations.summingLong(String::length));
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(new TimestampedItem<>(5, "ab"), new TimestampedItem<>(3, "b"), new TimestampedItem<>(9, "abc")));
        h.watermark(4);
        assertEquals(List.of(new TimestampedItem<>(5, KeyedResult.of('a', 2L)), new TimestampedItem<>(3, KeyedResult.of('b', 1L)),
                new TimestampedItem<>(9, KeyedResult.of('a', 5L)), new Watermark(4)), h.out);
    }

    @Test
    void when_notKeyedAndPlainItems_then_plainRunningResult() throws Exception {
        RollingAggregateP p = new RollingAggregateP(null, AggregateOperations.counting());
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of("x", "y", "z"));
        assertEquals(List.of(1L, 2L, 3L), h.out);
    }

    @Test
    void when_snapshotAndRestore_then_continues() throws Exception {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            items.add(new TimestampedItem<>(i, "k" + (i % 13)));
        }
        TestHarness whole = new TestHarness(new RollingAggregateP((String s) -> s, AggregateOperations.counting()), 1);
        whole.feed(items);
        TestHarness first = new TestHarness(new RollingAggregateP((String s) -> s, AggregateOperations.counting()), 1);
        first.feed(items.subList(0, 200));
        List<Map.Entry<Object, Object>> saved = first.snapshot();
        assertTrue(saved.stream().allMatch(e -> e.getKey() instanceof String), "saved under the grouping key");
        TestHarness second = TestHarness.restore(new RollingAggregateP((String s) -> s, AggregateOperations.counting()), saved, 2);
        second.feed(items.subList(200, 500));
        List<Object> joined = new ArrayList<>(first.out);
        joined.addAll(second.out);
        assertEquals(whole.out, joined);
    }
}
