package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.DiscardingOutbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.WindowDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.sluice.engine.core.test.TestSupport.SAME_ITEMS_ANY_ORDER;
import static io.sluice.engine.core.test.TestSupport.verifyProcessor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code JobConfig.setMaxProcessorAccumulatedRecords} in the streaming processors: window frame
 * entries (frames &times; keys), sessions, stateful-map and rolling-aggregate keys. State that is
 * emitted or evicted no longer counts.
 */
@Timeout(60)
class StreamAccumulationLimitTest {

    private static final ProcessorContext LIMIT_3 = new ProcessorContext("job", "win", 0, 0, 1, 271, 1024, 3);

    /** {@code "key@ts"} as a timestamped item; the key is the part before '@'. */
    private static TimestampedItem<String> ev(String key, long ts) {
        return new TimestampedItem<>(ts, key + "@" + ts);
    }

    private static String keyOf(String s) {
        return s.substring(0, s.indexOf('@'));
    }

    private static AccumulationLimitExceededException assertExceeds(ProcessorSupplier supplier, List<?> input) {
        AccumulationLimitExceededException e = assertThrows(AccumulationLimitExceededException.class,
                () -> verifyProcessor(supplier).context(LIMIT_3).input(input).expectOutput(List.of())
                                                .outputChecker((a, b) -> true).verify());
        assertEquals(4, e.count());
        assertTrue(e.getMessage().startsWith("vertex 'win' instance 0 holds more than 3 accumulated records (4 "),
                e.getMessage());
        return e;
    }

    private static ProcessorSupplier tumblingAccumulate() {
        return ctx -> new WindowAccumulateP((String s) -> keyOf(s), WindowDefinition.tumbling(10),
                AggregateOperations.counting(), 0, false);
    }

    @Test
    void when_windowAccumulateHoldsMoreFrameEntries_then_fails() {
        // two keys in two open frames: four (frame, key) entries
        var e = assertExceeds(tumblingAccumulate(), List.of(ev("a", 1), ev("b", 2), ev("a", 11), ev("b", 12)));
        assertTrue(e.getMessage().contains("4 window frame entries"), e.getMessage());
    }

    @Test
    void when_framesEmittedByWatermark_then_theyNoLongerCount() throws Exception {
        verifyProcessor(tumblingAccumulate())
                .context(LIMIT_3)
                .input(List.of(ev("a", 1), ev("b", 2), new Watermark(10), ev("a", 11), ev("b", 12), ev("c", 13)))
                .expectOutput(List.of())
                .outputChecker((expected, actual) -> actual.size() == 6) // 5 frame entries and the watermark
                .verify();
    }

    @Test
    void when_windowCombineHoldsMoreFrameEntries_then_fails() {
        ProcessorSupplier combine = ctx -> new WindowCombineP(WindowDefinition.tumbling(10), AggregateOperations.counting(), true);
        var acc = AggregateOperations.counting().createFn();
        assertExceeds(combine, List.of(new FrameEntry(10, "a", acc.get()), new FrameEntry(10, "b", acc.get()),
                new FrameEntry(10, "a", acc.get()), new FrameEntry(20, "a", acc.get()), new FrameEntry(20, "b", acc.get())));
    }

    @Test
    void when_singleStageSlidingWindowHoldsMoreFrameEntries_then_fails() {
        ProcessorSupplier window = ctx -> new WindowP((String s) -> keyOf(s), WindowDefinition.sliding(20, 10),
                AggregateOperations.counting(), 0, false);
        assertExceeds(window, List.of(ev("a", 1), ev("b", 2), ev("a", 3), ev("a", 11), ev("b", 12)));
    }

    @Test
    void when_slidingWindowEvictsFrames_then_withinLimit() throws Exception {
        // window 20, slide 10: after watermark 30 the frame [0, 10) belongs to no open window (counting
        // deducts it when window 30 is emitted; an operation without deduct drops it after window 20)
        ProcessorSupplier window = ctx -> new WindowP((String s) -> keyOf(s), WindowDefinition.sliding(20, 10),
                AggregateOperations.counting(), 0, false);
        verifyProcessor(window)
                .context(LIMIT_3)
                .input(List.of(ev("a", 1), ev("b", 2), new Watermark(30), ev("a", 31), ev("b", 32), ev("c", 33)))
                .expectOutput(List.of())
                .outputChecker((expected, actual) -> true)
                .verify();
    }

    @Test
    void when_sessionWindowHoldsMoreSessions_then_fails() {
        ProcessorSupplier sessions = ctx -> new SessionWindowP((String s) -> keyOf(s), 10, AggregateOperations.counting(), 0,
                false);
        // a: two sessions (1 and 50), b: one, and c a fourth
        var e = assertExceeds(sessions, List.of(ev("a", 1), ev("a", 5), ev("a", 50), ev("b", 1), ev("c", 1)));
        assertTrue(e.getMessage().contains("4 sessions"), e.getMessage());
    }

    @Test
    void when_eventBridgesTwoSessions_then_theyCountAsOne() throws Exception {
        ProcessorSupplier sessions = ctx -> new SessionWindowP((String s) -> keyOf(s), 10, AggregateOperations.counting(), 0,
                false);
        // a@1 and a@15 are two sessions until a@8 merges them; then b and c fit within 3
        verifyProcessor(sessions)
                .context(LIMIT_3)
                .input(List.of(ev("a", 1), ev("a", 15), ev("a", 8), ev("b", 1), ev("c", 1)))
                .expectOutput(List.of())
                .outputChecker((expected, actual) -> actual.size() == 3)
                .verify();
    }

    @Test
    void when_statefulMapHoldsMoreKeys_then_fails() {
        ProcessorSupplier stateful = ctx -> new StatefulMapP((String s) -> keyOf(s), 0, () -> new long[1],
                (long[] st, String k, String item) -> Traversers.singleton(item), null);
        var e = assertExceeds(stateful, List.of(ev("a", 1), ev("b", 2), ev("a", 3), ev("c", 4), ev("d", 5)));
        assertTrue(e.getMessage().contains("4 keys with state"), e.getMessage());
    }

    @Test
    void when_statefulMapEvictsKeys_then_withinLimit() throws Exception {
        ProcessorSupplier stateful = ctx -> new StatefulMapP((String s) -> keyOf(s), 5, () -> new long[1],
                (long[] st, String k, String item) -> Traversers.singleton(item), null);
        verifyProcessor(stateful)
                .context(LIMIT_3)
                .input(List.of(ev("a", 1), ev("b", 2), ev("c", 3), new Watermark(20), ev("d", 21), ev("e", 22)))
                .expectOutput(List.of())
                .outputChecker((expected, actual) -> actual.size() == 6)
                .verify();
    }

    @Test
    void when_rollingAggregateHoldsMoreKeys_then_fails() {
        ProcessorSupplier rolling = ctx -> new RollingAggregateP((String s) -> keyOf(s), AggregateOperations.counting());
        assertExceeds(rolling, List.of(ev("a", 1), ev("b", 2), ev("a", 3), ev("c", 4), ev("d", 5)));
    }

    @Test
    void when_windowStateGrowsAndShrinks_then_reportFollows() throws Exception {
        Processor p = tumblingAccumulate().get(LIMIT_3);
        p.init(new DiscardingOutbox(2), LIMIT_3);
        p.process(0, Batch.ofList(List.of(ev("a", 1), ev("b", 2), ev("a", 11))));
        assertEquals(3, ((StateReporting) p).accumulatedRecords());
        assertTrue(p.tryProcessWatermark(10));
        assertEquals(1, ((StateReporting) p).accumulatedRecords());
        assertTrue(p.complete());
        assertEquals(0, ((StateReporting) p).accumulatedRecords());
    }

    @Test
    void when_restoredStateExceedsLimit_then_fails() throws Exception {
        ProcessorSupplier rolling = ctx -> new RollingAggregateP((String s) -> keyOf(s), AggregateOperations.counting());
        Processor p = rolling.get(LIMIT_3);
        p.init(new DiscardingOutbox(2), LIMIT_3);
        var acc = AggregateOperations.counting().createFn();
        for (String key : List.of("a", "b", "c")) {
            p.restoreFromSnapshot(key, acc.get());
        }
        assertThrows(AccumulationLimitExceededException.class, () -> p.restoreFromSnapshot("d", acc.get()));
    }
}
