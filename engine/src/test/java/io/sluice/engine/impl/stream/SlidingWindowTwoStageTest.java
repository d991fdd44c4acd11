package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Partitioner;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.stream.WindowTestSupport.Ev;
import io.sluice.engine.impl.stream.WindowTestSupport.OpCase;
import io.sluice.engine.pipeline.WindowDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WindowAccumulateP} feeding {@link WindowCombineP}, against a brute-force reference. */
@Timeout(60)
class SlidingWindowTwoStageTest {

    private static final FunctionEx<Ev, Integer> KEY_FN = Ev::key;

    /** Runs N accumulate instances (items spread at random) and one combine over a script. */
    static final class TwoStage {
        final List<WindowAccumulateP> accs = new ArrayList<>();
        final List<TestHarness> accHarness = new ArrayList<>();
        final List<Integer> consumed = new ArrayList<>();
        TestHarness combine;
        final Random rnd;

        TwoStage(int instances, WindowDefinition.Sliding def, AggregateOperation<?, ?> op, boolean keyed,
                 boolean routeLate, long seed) throws Exception {
            rnd = new Random(seed);
            for (int i = 0; i < instances; i++) {
                WindowAccumulateP p = new WindowAccumulateP(keyed ? KEY_FN : null, def, op, 0, routeLate);
                accs.add(p);
                accHarness.add(new TestHarness(p, seed + i));
                consumed.add(0);
            }
            combine = new TestHarness(new WindowCombineP(def, op, keyed), seed + 100);
        }

        /** Runs script elements; the item's instance is picked at random (a unicast edge). */
        void run(List<Object> script) throws Exception {
            List<List<Object>> pending = new ArrayList<>();
            accs.forEach(a -> pending.add(new ArrayList<>()));
            for (Object o : script) {
                if (o instanceof Watermark wm) {
                    for (int i = 0; i < accs.size(); i++) {
                        accHarness.get(i).feed(pending.get(i)).watermark(wm.timestamp());
                        pending.get(i).clear();
                    }
                    forwardFrames();
                    combine.watermark(wm.timestamp());
                } else {
                    pending.get(rnd.nextInt(accs.size())).add(o);
                }
            }
            for (int i = 0; i < accs.size(); i++) {
                accHarness.get(i).feed(pending.get(i));
            }
        }

        void complete() throws Exception {
            for (TestHarness h : accHarness) {
                h.complete();
            }
            forwardFrames();
            combine.complete();
        }

        private void forwardFrames() throws Exception {
            List<Object> frames = new ArrayList<>();
            for (int i = 0; i < accs.size(); i++) {
                List<Object> out = accHarness.get(i).out;
                for (Object o : out.subList(consumed.get(i), out.size())) {
                    if (!(o instanceof Watermark)) {
                        frames.add(o);
                    }
                }
                consumed.set(i, out.size());
            }
            Collections.shuffle(frames, rnd);
            combine.feed(frames);
        }

        long lateCount() {
            return accs.stream().mapToLong(WindowAccumulateP::lateCount).sum();
        }

        List<Object> late() {
            List<Object> late = new ArrayList<>();
            accHarness.forEach(h -> late.addAll(h.out1));
            return late;
        }
    }

    private static void check(OpCase c, long size, long slide, boolean keyed, int instances, boolean arbitraryWm,
                              long seed) throws Exception {
        Random rnd = new Random(seed);
        long lag = 20;
        List<Ev> evs = events(rnd, 3000, keyed ? 7 : 1, lag, 3, 0.02, 1);
        List<Object> script = script(rnd, evs, lag, arbitraryWm);
        Map<Boolean, List<Ev>> split = lateness(script);
        WindowDefinition.Sliding def = WindowDefinition.sliding(size, slide);
        TwoStage run = new TwoStage(instances, def, c.op(), keyed, false, seed);
        run.run(script);
        run.complete();
        String what = c + " " + def + " keyed=" + keyed + " instances=" + instances + " seed=" + seed;
        assertWindowOutput(reference(split.get(true), size, slide, keyed, c.reference()), run.combine.out, keyed);
        assertEquals(split.get(false).size(), run.lateCount(), what);
        assertTrue(split.get(false).size() > 10, "the test has late events");
    }

    @Test
    void when_anyOpAnyWindowShape_then_sameAsReference() throws Exception {
        long seed = 1;
        for (OpCase c : opCases()) {
            for (long[] shape : new long[][]{{10, 10}, {30, 10}, {100, 10}, {7, 7}}) {
                for (boolean keyed : new boolean[]{true, false}) {
                    check(c, shape[0], shape[1], keyed, 2, false, seed++);
                }
            }
        }
    }

    @Test
    void when_watermarksNotFrameAligned_then_sameAsReference() throws Exception {
        long seed = 100;
        for (OpCase c : opCases()) {
            for (long[] shape : new long[][]{{10, 10}, {30, 10}, {100, 10}}) {
                check(c, shape[0], shape[1], true, 1, true, seed++);
                check(c, shape[0], shape[1], false, 3, true, seed++);
            }
        }
    }

    @Test
    void when_lateEvent_then_droppedAndCounted() throws Exception {
        WindowAccumulateP p = new WindowAccumulateP(KEY_FN, WindowDefinition.tumbling(10), AggregateOperations.counting(), 0, false);
        TestHarness h = new TestHarness(p, 1);
        h.feed(List.of(new TimestampedItem<>(15, new Ev(15, 1, 0, 0))));
        h.watermark(12);
        h.feed(List.of(new TimestampedItem<>(11, new Ev(11, 1, 0, 0)), new TimestampedItem<>(12, new Ev(12, 1, 0, 0))));
        h.complete();
        assertEquals(1, p.lateCount());
        assertEquals(List.of(), h.out1);
        FrameEntry fe = (FrameEntry) h.items().get(0);
        assertEquals(20, fe.frameEnd());
        assertEquals(1, fe.key());
        assertEquals(2L, ((io.sluice.engine.accumulator.LongAccumulator) fe.accumulator()).get());
    }

    @Test
    void when_lateEventsRouted_then_innerItemsOnOrdinal1() throws Exception {
        Random rnd = new Random(7);
        List<Ev> evs = events(rnd, 2000, 5, 10, 3, 0.05, 1);
        List<Object> script = script(rnd, evs, 10, false);
        Map<Boolean, List<Ev>> split = lateness(script);
        TwoStage run = new TwoStage(2, WindowDefinition.sliding(20, 10), AggregateOperations.counting(), true, true, 7);
        run.run(script);
        run.complete();
        List<Object> late = new ArrayList<>(run.late());
        List<Object> expectedLate = new ArrayList<>(split.get(false));
        late.sort(null);
        expectedLate.sort(null);
        assertEquals(expectedLate, late);
        assertWindowOutput(reference(split.get(true), 20, 10, true, evs2 -> (long) evs2.size()), run.combine.out, true);
    }

    @Test
    void when_watermarkJumpsFar_then_onlyWindowsWithDataEmitted() throws Exception {
        WindowCombineP p = new WindowCombineP(WindowDefinition.sliding(3, 1), AggregateOperations.counting(), true);
        TestHarness h = new TestHarness(p, 1);
        io.sluice.engine.accumulator.LongAccumulator one = new io.sluice.engine.accumulator.LongAccumulator(1);
        h.feed(List.of(new FrameEntry(1, "a", one)));
        h.watermark(Long.MAX_VALUE - 10);
        assertEquals(List.of(new TimestampedItem<>(0, new KeyedWindowResult<>(-2, 1, "a", 1L)),
                new TimestampedItem<>(1, new KeyedWindowResult<>(-1, 2, "a", 1L)),
                new TimestampedItem<>(2, new KeyedWindowResult<>(0, 3, "a", 1L))), h.items());
    }

    @Test
    void when_coAggregatingTwoStreams_then_sameAsReference() throws Exception {
        Random rnd = new Random(11);
        List<Ev> evs = events(rnd, 3000, 4, 15, 3, 0.02, 2);
        List<Object> script = script(rnd, evs, 15, true);
        Map<Boolean, List<Ev>> split = lateness(script);
        // arity-2 op: input 0 counts, input 1 sums
        AggregateOperation<?, ?> co = io.sluice.engine.aggregate.AggregateOperation
                .withCreate(() -> new long[2])
                .<Ev>andAccumulate0((a, e) -> a[0]++)
                .<Ev>andAccumulate1((a, e) -> a[1] += e.value())
                .andCombine((a, b) -> {
                    a[0] += b[0];
                    a[1] += b[1];
                })
                .andDeduct((a, b) -> {
                    a[0] -= b[0];
                    a[1] -= b[1];
                })
                .andExportFinish(a -> List.of(a[0], a[1]));
        WindowDefinition.Sliding def = WindowDefinition.sliding(30, 10);
        WindowAccumulateP acc0 = new WindowAccumulateP(KEY_FN, def, co, 0, false);
        WindowAccumulateP acc1 = new WindowAccumulateP(KEY_FN, def, co, 1, false);
        TestHarness h0 = new TestHarness(acc0, 1);
        TestHarness h1 = new TestHarness(acc1, 2);
        TestHarness comb = new TestHarness(new WindowCombineP(def, co, true), 3);
        List<Object> p0 = new ArrayList<>();
        List<Object> p1 = new ArrayList<>();
        int[] used = new int[2];
        for (Object o : script) {
            if (o instanceof Watermark wm) {
                h0.feed(p0).watermark(wm.timestamp());
                h1.feed(p1).watermark(wm.timestamp());
                p0.clear();
                p1.clear();
                comb.feed(newFrames(h0, used, 0)).feed(newFrames(h1, used, 1)).watermark(wm.timestamp());
            } else {
                Ev e = (Ev) ((TimestampedItem<?>) o).item();
                (e.input() == 0 ? p0 : p1).add(o);
            }
        }
        h0.feed(p0).complete();
        h1.feed(p1).complete();
        comb.feed(newFrames(h1, used, 1)).feed(newFrames(h0, used, 0)).complete();
        assertWindowOutput(reference(split.get(true), 30, 10, true, list -> List.of(
                list.stream().filter(e -> e.input() == 0).count(),
                list.stream().filter(e -> e.input() == 1).mapToLong(Ev::value).sum())), comb.out, true);
    }

    private static List<Object> newFrames(TestHarness h, int[] used, int i) {
        List<Object> out = h.out.subList(used[i], h.out.size()).stream().filter(o -> !(o instanceof Watermark)).toList();
        used[i] = h.out.size();
        return out;
    }

    @Test
    void when_snapshotAndRestore_then_sameAsUninterrupted() throws Exception {
        for (OpCase c : opCases()) {
            for (long[] shape : new long[][]{{10, 10}, {40, 10}}) {
                Random rnd = new Random(21);
                List<Ev> evs = events(rnd, 2000, 5, 20, 3, 0.02, 1);
                List<Object> script = script(rnd, evs, 20, true);
                WindowDefinition.Sliding def = WindowDefinition.sliding(shape[0], shape[1]);

                TwoStage whole = new TwoStage(2, def, c.op(), true, false, 5);
                whole.run(script);
                whole.complete();

                for (int cut : new int[]{script.size() / 3, script.size() / 2, 2 * script.size() / 3}) {
                    TwoStage first = new TwoStage(2, def, c.op(), true, false, 5);
                    first.run(script.subList(0, cut));
                    // restore the two accumulate instances' state into one, as at a lower parallelism
                    List<Map.Entry<Object, Object>> accState = new ArrayList<>(first.accHarness.get(0).snapshot());
                    accState.addAll(first.accHarness.get(1).snapshot());
                    List<Map.Entry<Object, Object>> combState = first.combine.snapshot();
                    for (Map.Entry<Object, Object> e : accState) {
                        WindowFrameKey k = (WindowFrameKey) e.getKey();
                        assertEquals(Partitioner.partition(k.key(), 271), Partitioner.partition(k, 271));
                    }
                    TwoStage second = new TwoStage(1, def, c.op(), true, false, 6);
                    second.accHarness.set(0, TestHarness.restore(second.accs.get(0), accState, 6));
                    second.combine = TestHarness.restore(new WindowCombineP(def, c.op(), true), combState, 7);
                    second.run(script.subList(cut, script.size()));
                    second.complete();

                    List<Object> combined = new ArrayList<>(first.combine.out);
                    combined.addAll(second.combine.out);
                    assertEquals(asSet(whole.combine.out), asSet(combined), c + " " + def + " cut " + cut);
                    assertEquals(whole.combine.items().size(), combined.stream().filter(o -> !(o instanceof Watermark)).count());
                }
            }
        }
    }

    private static java.util.Set<Object> asSet(List<Object> out) {
        return new java.util.HashSet<>(out.stream().filter(o -> !(o instanceof Watermark)).toList());
    }

    @Test
    void when_untimestampedItem_then_helpfulError() throws Exception {
        WindowAccumulateP p = new WindowAccumulateP(null, WindowDefinition.tumbling(10), AggregateOperations.counting(), 0, false);
        new TestHarness(p, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.processItem("x"));
        assertTrue(e.getMessage().contains("add withTimestamps"), e.getMessage());
    }
}
