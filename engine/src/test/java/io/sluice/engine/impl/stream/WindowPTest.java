package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.stream.WindowTestSupport.Ev;
import io.sluice.engine.impl.stream.WindowTestSupport.OpCase;
import io.sluice.engine.pipeline.WindowDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.sluice.engine.impl.stream.WindowTestSupport.assertWindowOutput;
import static io.sluice.engine.impl.stream.WindowTestSupport.events;
import static io.sluice.engine.impl.stream.WindowTestSupport.lateness;
import static io.sluice.engine.impl.stream.WindowTestSupport.opCases;
import static io.sluice.engine.impl.stream.WindowTestSupport.reference;
import static io.sluice.engine.impl.stream.WindowTestSupport.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class WindowPTest {

    private static final FunctionEx<Ev, Integer> KEY_FN = Ev::key;

    @Test
    void when_anyOpAnyWindowShape_then_sameAsReference() throws Exception {
        long seed = 1;
        for (OpCase c : opCases()) {
            for (long[] shape : new long[][]{{10, 10}, {30, 10}, {100, 10}, {5, 5}}) {
                for (boolean keyed : new boolean[]{true, false}) {
                    Random rnd = new Random(seed);
                    List<Ev> evs = events(rnd, 3000, keyed ? 6 : 1, 20, 3, 0.02, 1);
                    List<Object> script = script(rnd, evs, 20, seed % 2 == 0);
                    Map<Boolean, List<Ev>> split = lateness(script);
                    WindowP p = new WindowP(keyed ? KEY_FN : null, WindowDefinition.sliding(shape[0], shape[1]), c.op(), 0, false);
                    TestHarness h = new TestHarness(p, seed++);
                    h.run(script).complete();
                    assertWindowOutput(reference(split.get(true), shape[0], shape[1], keyed, c.reference()), h.out, keyed);
                    assertEquals(split.get(false).size(), p.lateCount());
                }
            }
        }
    }

    @Test
    void when_lateEventsRouted_then_innerItemsOnOrdinal1() throws Exception {
        Random rnd = new Random(3);
        List<Ev> evs = events(rnd, 1000, 3, 10, 3, 0.05, 1);
        List<Object> script = script(rnd, evs, 10, false);
        WindowP p = new WindowP(KEY_FN, WindowDefinition.tumbling(10), AggregateOperations.counting(), 0, true);
        TestHarness h = new TestHarness(p, 3);
        h.run(script).complete();
        assertEquals(new HashSet<>(lateness(script).get(false)), new HashSet<>(h.out1));
        assertEquals(lateness(script).get(false).size(), h.out1.size());
    }

    @Test
    void when_earlyResultsPeriodPasses_then_currentResultOfEveryOpenWindow() throws Exception {
        for (OpCase c : opCases()) {
            for (long[] shape : new long[][]{{10, 10}, {40, 10}}) {
                Random rnd = new Random(5);
                List<Ev> evs = events(rnd, 1500, 4, 20, 3, 0.02, 1);
                List<Object> script = script(rnd, evs, 20, true);
                WindowDefinition.Sliding def = WindowDefinition.sliding(shape[0], shape[1]).setEarlyResultsPeriod(100);
                WindowP p = new WindowP(KEY_FN, def, c.op(), 0, false);
                long[] clock = {0};
                p.setNanoClock(() -> clock[0]);
                TestHarness h = new TestHarness(p, 5);

                List<Object> seen = new ArrayList<>();
                List<Object> finals = new ArrayList<>();
                long wm = Long.MIN_VALUE;
                int ticks = 0;
                long nextDue = 100_000_000L;
                for (int i = 0; i < script.size(); i++) {
                    seen.add(script.get(i));
                    if (script.get(i) instanceof Watermark w) {
                        wm = w.timestamp();
                    }
                    h.run(List.of(script.get(i)));
                    if (i % 97 == 0) {
                        clock[0] += 40_000_000L;
                        int before = h.out.size();
                        h.tick();
                        boolean due = clock[0] >= nextDue;
                        List<Object> early = h.out.subList(before, h.out.size());
                        if (!due) {
                            assertEquals(List.of(), early, "no early results before the period passed");
                            continue;
                        }
                        ticks++;
                        nextDue = clock[0] + 100_000_000L;
                        long openAfter = wm;
                        Map<List<Object>, Object> expected = new HashMap<>();
                        reference(lateness(seen).get(true), shape[0], shape[1], true, c.reference()).forEach((k, v) -> {
                            if ((Long) k.get(0) > openAfter) {
                                TimestampedItem<?> ti = (TimestampedItem<?>) v;
                                KeyedWindowResult<?, ?> r = (KeyedWindowResult<?, ?>) ti.item();
                                expected.put(k, new TimestampedItem<>(ti.timestamp(),
                                        new KeyedWindowResult<>(r.start(), r.end(), r.key(), r.result(), true)));
                            }
                        });
                        Map<List<Object>, Object> actual = new HashMap<>();
                        for (Object o : early) {
                            KeyedWindowResult<?, ?> r = (KeyedWindowResult<?, ?>) ((TimestampedItem<?>) o).item();
                            assertTrue(r.isEarly());
                            actual.put(List.of(r.end(), r.key()), o);
                        }
                        assertEquals(expected, actual, c + " tick " + ticks);
                        assertEquals(expected.size(), early.size());
                    }
                }
                h.complete();
                assertTrue(ticks > 3);
                for (Object o : h.out) {
                    if (o instanceof TimestampedItem<?> ti && !((KeyedWindowResult<?, ?>) ti.item()).isEarly()) {
                        finals.add(o);
                    }
                }
                List<Object> finalsWithWms = new ArrayList<>();
                h.out.stream().filter(o -> o instanceof Watermark || finals.contains(o)).forEach(finalsWithWms::add);
                assertWindowOutput(reference(lateness(script).get(true), shape[0], shape[1], true, c.reference()),
                        finalsWithWms, true);
            }
        }
    }

    @Test
    void when_noEarlyResultsPeriod_then_tickEmitsNothing() throws Exception {
        WindowP p = new WindowP(KEY_FN, WindowDefinition.tumbling(10), AggregateOperations.counting(), 0, false);
        long[] clock = {0};
        p.setNanoClock(() -> clock[0]);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(new TimestampedItem<>(1, new Ev(1, 1, 1, 0))));
        clock[0] = Long.MAX_VALUE / 2;
        h.tick();
        assertEquals(List.of(), h.out);
    }

    @Test
    void when_nonKeyedEarlyResults_then_windowResults() throws Exception {
        WindowP p = new WindowP(null, WindowDefinition.tumbling(10).setEarlyResultsPeriod(5), AggregateOperations.counting(), 0, false);
        long[] clock = {0};
        p.setNanoClock(() -> clock[0]);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(new TimestampedItem<>(1, "a"), new TimestampedItem<>(12, "b"), new TimestampedItem<>(13, "c")));
        clock[0] = 5_000_000L;
        h.tick();
        assertEquals(List.of(new TimestampedItem<>(9, new WindowResult<>(0, 10, 1L, true)),
                new TimestampedItem<>(19, new WindowResult<>(10, 20, 2L, true))), h.out);
    }

    @Test
    void when_coAggregatingTwoStreams_then_sameAsReference() throws Exception {
        Random rnd = new Random(17);
        List<Ev> evs = events(rnd, 3000, 4, 15, 3, 0.02, 2);
        List<Object> script = script(rnd, evs, 15, true);
        AggregateOperation<?, ?> co = AggregateOperation
                .withCreate(() -> new long[2])
                .<Ev>andAccumulate0((a, e) -> a[0]++)
                .<Ev>andAccumulate1((a, e) -> a[1] += e.value())
                .andCombine((a, b) -> {
                    a[0] += b[0];
                    a[1] += b[1];
                })
                .andExportFinish(a -> List.of(a[0], a[1]));
        WindowP p = new WindowP(List.of(KEY_FN, KEY_FN), WindowDefinition.sliding(30, 10), co, false);
        TestHarness h = new TestHarness(p, 17);
        List<Object> pending0 = new ArrayList<>();
        List<Object> pending1 = new ArrayList<>();
        for (Object o : script) {
            if (o instanceof Watermark w) {
                h.feed(0, pending0).feed(1, pending1).watermark(w.timestamp());
                pending0.clear();
                pending1.clear();
            } else {
                (((Ev) ((TimestampedItem<?>) o).item()).input() == 0 ? pending0 : pending1).add(o);
            }
        }
        h.feed(1, pending1).feed(0, pending0).complete();
        assertWindowOutput(reference(lateness(script).get(true), 30, 10, true, list -> List.of(
                list.stream().filter(e -> e.input() == 0).count(),
                list.stream().filter(e -> e.input() == 1).mapToLong(Ev::value).sum())), h.out, true);
    }

    @Test
    void when_keyFnsDoNotMatchArity_then_helpfulError() {
        AggregateOperation<?, ?> co = AggregateOperation.withCreate(() -> new long[1])
                .<Ev>andAccumulate0((a, e) -> a[0]++)
                .<Ev>andAccumulate1((a, e) -> a[0]++)
                .andCombine((a, b) -> a[0] += b[0])
                .andExportFinish(a -> a[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowP(List.of(KEY_FN), WindowDefinition.tumbling(10), co, false));
        assertTrue(e.getMessage().startsWith("keyFns must have one function per input"), e.getMessage());
    }

    @Test
    void when_snapshotAndRestore_then_sameAsUninterrupted() throws Exception {
        for (OpCase c : opCases()) {
            for (long[] shape : new long[][]{{10, 10}, {40, 10}}) {
                Random rnd = new Random(23);
                List<Ev> evs = events(rnd, 2000, 5, 20, 3, 0.03, 1);
                List<Object> script = script(rnd, evs, 20, true);
                WindowDefinition.Sliding def = WindowDefinition.sliding(shape[0], shape[1]);
                TestHarness whole = new TestHarness(new WindowP(KEY_FN, def, c.op(), 0, false), 1);
                whole.run(script).complete();
                for (int cut = script.size() / 5; cut < script.size(); cut += script.size() / 5) {
                    TestHarness first = new TestHarness(new WindowP(KEY_FN, def, c.op(), 0, false), 1);
                    first.run(script.subList(0, cut));
                    TestHarness second = TestHarness.restore(new WindowP(KEY_FN, def, c.op(), 0, false), first.snapshot(), 2);
                    second.run(script.subList(cut, script.size())).complete();
                    List<Object> joined = new ArrayList<>(first.items());
                    joined.addAll(second.items());
                    Set<Object> expected = new HashSet<>(whole.items());
                    assertEquals(expected, new HashSet<>(joined), c + " " + def + " cut " + cut);
                    assertEquals(whole.items().size(), joined.size());
                }
            }
        }
    }
}
