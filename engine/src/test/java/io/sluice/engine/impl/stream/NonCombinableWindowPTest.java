package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.DiscardingOutbox;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.aggregate.AggregateOperationImpl;
import io.sluice.engine.impl.stream.WindowTestSupport.Ev;
import io.sluice.engine.impl.stream.WindowTestSupport.OpCase;
import io.sluice.engine.pipeline.WindowDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.sluice.engine.impl.stream.WindowTestSupport.assertWindowOutput;
import static io.sluice.engine.impl.stream.WindowTestSupport.events;
import static io.sluice.engine.impl.stream.WindowTestSupport.lateness;
import static io.sluice.engine.impl.stream.WindowTestSupport.opCases;
import static io.sluice.engine.impl.stream.WindowTestSupport.reference;
import static io.sluice.engine.impl.stream.WindowTestSupport.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single-stage window processors with aggregate operations that have no {@code combineFn}:
 * sliding windows accumulate each item into every window it belongs to, session windows buffer
 * their items. Inputs are shuffled only within the watermark lag, so no item is late and the
 * expected results do not depend on the lateness rule.
 */
@Timeout(60)
class NonCombinableWindowPTest {

    private static final FunctionEx<Ev, Integer> KEY_FN = Ev::key;

    /** {@code c}'s operation with its combine and deduct primitives removed. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static AggregateOperation<?, ?> withoutCombine(OpCase c) {
        AggregateOperation op = c.op();
        List<BiConsumerEx<Object, ?>> accumulateFns = new ArrayList<>();
        for (int i = 0; i < op.arity(); i++) {
            accumulateFns.add(op.accumulateFn(i));
        }
        AggregateOperation<?, ?> stripped = new AggregateOperationImpl<>(op.createFn(), accumulateFns, null, null,
                op.exportFn(), op.finishFn());
        assertNull(stripped.combineFn());
        return stripped;
    }

    @Test
    void when_slidingAndTumblingWithoutCombine_then_sameAsReference() throws Exception {
        long seed = 1;
        for (OpCase c : opCases()) {
            AggregateOperation<?, ?> op = withoutCombine(c);
            for (long[] shape : new long[][]{{10, 10}, {30, 10}, {100, 20}, {5, 1}}) {
                for (boolean keyed : new boolean[]{true, false}) {
                    // Given: events shuffled within the lag, watermarks aligned or not to frames
                    Random rnd = new Random(seed);
                    List<Ev> evs = events(rnd, 2000, keyed ? 6 : 1, 20, 3, 0, 1);
                    List<Object> script = script(rnd, evs, 20, seed % 2 == 0);
                    assertEquals(evs.size(), lateness(script).get(true).size(), "nothing is late");
                    WindowP p = new WindowP(keyed ? KEY_FN : null, WindowDefinition.sliding(shape[0], shape[1]), op, 0, false);
                    TestHarness h = new TestHarness(p, seed++);

                    // When
                    h.run(script).complete();

                    // Then
                    assertWindowOutput(reference(evs, shape[0], shape[1], keyed, c.reference()), h.out, keyed);
                    assertEquals(0, p.accumulatedRecords(), "every window was emitted and released");
                }
            }
        }
    }

    @Test
    void when_sessionsWithoutCombineBridgedOutOfOrder_then_sameAsReference() throws Exception {
        long seed = 1;
        for (OpCase c : opCases()) {
            AggregateOperation<?, ?> op = withoutCombine(c);
            for (long timeout : new long[]{1, 5, 30}) {
                for (boolean keyed : new boolean[]{true, false}) {
                    Random rnd = new Random(seed);
                    List<Ev> evs = events(rnd, 2000, keyed ? 5 : 1, 20, (int) (timeout * 3 / 2) + 2, 0, 1);
                    List<Object> script = script(rnd, evs, 20, seed % 2 == 0);
                    SessionWindowP p = new SessionWindowP(keyed ? KEY_FN : null, timeout, op, 0, false);
                    TestHarness h = new TestHarness(p, seed++);

                    h.run(script).complete();

                    Map<List<Object>, Object> expected = SessionWindowPTest.reference(evs, timeout, keyed, false,
                            c.reference());
                    assertTrue(expected.size() > 20, "the test forms sessions");
                    SessionWindowPTest.assertSessions(expected, h.out, keyed);
                    assertEquals(0, p.accumulatedRecords(), "buffers released");
                }
            }
        }
    }

    @Test
    void when_snapshotAndRestoreWithoutCombine_then_sameAsUninterrupted() throws Exception {
        for (OpCase c : opCases()) {
            AggregateOperation<?, ?> op = withoutCombine(c);
            Random rnd = new Random(31);
            List<Ev> evs = events(rnd, 1500, 5, 20, 4, 0, 1);
            List<Object> script = script(rnd, evs, 20, true);
            for (int shape = 0; shape < 2; shape++) {
                boolean session = shape == 1;
                TestHarness whole = new TestHarness(newProcessor(session, op), 1);
                whole.run(script).complete();
                for (int cut = script.size() / 4; cut < script.size(); cut += script.size() / 4) {
                    TestHarness first = new TestHarness(newProcessor(session, op), 1);
                    first.run(script.subList(0, cut));
                    List<Map.Entry<Object, Object>> saved = first.snapshot();
                    TestHarness second = TestHarness.restore(newProcessor(session, op), saved, 2);
                    second.run(script.subList(cut, script.size())).complete();
                    List<Object> joined = new ArrayList<>(first.items());
                    joined.addAll(second.items());
                    assertEquals(new HashSet<>(whole.items()), new HashSet<>(joined), c + " session=" + session + " cut " + cut);
                    assertEquals(whole.items().size(), joined.size());
                }
            }
        }
    }

    private static WindowInputP newProcessor(boolean session, AggregateOperation<?, ?> op) {
        return session ? new SessionWindowP(KEY_FN, 15, op, 0, false)
                       : new WindowP(KEY_FN, WindowDefinition.sliding(40, 10), op, 0, false);
    }

    @Test
    void when_earlyResultsWithoutCombine_then_currentResultOfEachOpenWindow() throws Exception {
        OpCase counting = opCases().get(0);
        WindowP p = new WindowP(null, WindowDefinition.sliding(20, 10).setEarlyResultsPeriod(5), withoutCombine(counting),
                0, false);
        long[] clock = {0};
        p.setNanoClock(() -> clock[0]);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(new TimestampedItem<>(1, ev(1)), new TimestampedItem<>(12, ev(12)), new TimestampedItem<>(13, ev(13))));
        clock[0] = 5_000_000L;
        h.tick();
        // windows [-10, 10), [0, 20), [10, 30) hold 1, 3 and 2 items
        assertEquals(List.of(new TimestampedItem<>(9, new WindowResult<>(-10, 10, 1L, true)),
                new TimestampedItem<>(19, new WindowResult<>(0, 20, 3L, true)),
                new TimestampedItem<>(29, new WindowResult<>(10, 30, 2L, true))), h.out);
    }

    @Test
    void when_bufferedSessionItemsExceedLimit_then_fails() throws Exception {
        SessionWindowP p = new SessionWindowP(KEY_FN, 100, withoutCombine(opCases().get(0)), 0, false);
        p.init(new DiscardingOutbox(1), new ProcessorContext("job", "sessions", 0, 0, 1, 271, 1024, 10));
        for (int i = 0; i < 10; i++) {
            p.processItem(new TimestampedItem<>(i, ev(i)));
        }
        assertThrows(AccumulationLimitExceededException.class, () -> p.processItem(new TimestampedItem<>(10, ev(10))));
    }

    private static Ev ev(long ts) {
        return new Ev(ts, 0, ts, 0);
    }
}
