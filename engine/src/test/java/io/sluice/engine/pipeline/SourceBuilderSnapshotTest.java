package io.sluice.engine.pipeline;

import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.core.test.TestSupport;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.impl.pipeline.StreamSourceImpl;
import io.sluice.engine.impl.processor.EventTimePolicy;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code createSnapshotFn} / {@code restoreSnapshotFn} of {@link SourceBuilder} sources: save, restore, resume. */
@Timeout(30)
class SourceBuilderSnapshotTest {

    /** A finite batch source of 0..count-1, each instance every {@code n}-th number; the state is the next number. */
    static BatchSource<Long> numbers(long count, boolean faultTolerant) {
        SourceBuilder.Batch<long[], Long> b = SourceBuilder
                .batch("numbers", ctx -> new long[] {ctx.globalIndex(), ctx.totalParallelism()})
                .<Long>fillBufferFn((pos, buf) -> {
                    for (int i = 0; i < 3 && pos[0] < count; i++, pos[0] += pos[1]) {
                        buf.add(pos[0]);
                    }
                    if (pos[0] >= count) {
                        buf.close();
                    }
                });
        return faultTolerant
                ? b.createSnapshotFn(pos -> pos[0]).restoreSnapshotFn((pos, saved) -> {
                    if (!saved.isEmpty()) {
                        pos[0] = saved.get(0);
                    }
                }).build()
                : b.build();
    }

    /** The same as a timestamped stream that ends after {@code count}. */
    static StreamSource<Long> numberStream(long count) {
        return SourceBuilder.timestampedStream("numberStream", ctx -> new long[] {ctx.globalIndex(), ctx.totalParallelism()})
                .<Long>fillBufferFn((pos, buf) -> {
                    for (int i = 0; i < 3 && pos[0] < count; i++, pos[0] += pos[1]) {
                        buf.add(pos[0], pos[0]);
                    }
                    if (pos[0] >= count) {
                        buf.close();
                    }
                })
                .createSnapshotFn(pos -> pos[0])
                .restoreSnapshotFn((pos, saved) -> pos[0] = saved.isEmpty() ? Long.MAX_VALUE : saved.get(0))
                .build();
    }

    private static ProcessorSupplier supplier(BatchSource<?> source) {
        return ((SourceImpl<?>) source).supplier();
    }

    private static ProcessorSupplier supplier(StreamSource<?> source) {
        return Processors.streamSourceP("s", ((StreamSourceImpl<?>) source).runnerFactory(), EventTimePolicy.none(), 0);
    }

    private static List<Object> range(long count) {
        return LongStream.range(0, count).boxed().collect(Collectors.toList());
    }

    @Test
    void when_verifiedWithTestSupport_then_sameOutputWithSnapshotAndRestore() throws Exception {
        TestSupport.verifyProcessor(supplier(numbers(10, true))).expectOutput(range(10)).verify();
        TestSupport.verifyProcessor(supplier(numbers(10, false))).expectOutput(range(10)).verify();
        TestSupport.verifyProcessor(supplier(numberStream(10))).expectOutput(range(10)).verify();
    }

    @Test
    void when_restoredMidway_then_resumesWithoutLossOrRepeat() throws Exception {
        for (ProcessorSupplier s : List.of(supplier(numbers(20, true)), supplier(numberStream(20)))) {
            ProcessorSupplier remote = Util.roundTrip(s);
            ListOutbox out = new ListOutbox(5);
            Processor p = start(remote, out, 0, 1);
            p.complete();
            assertEquals(range(6), out.items, "the outbox limit stopped the first call after two fills");
            List<Map.Entry<Object, Object>> state = save(p);
            assertEquals(1, state.size());
            assertTrue(state.get(0).getKey() instanceof SnapshotKeys.Local, "a source's offset is instance-local state");
            p.close();

            Processor restored = start(remote, out, 0, 1);
            restore(restored, state);
            drain(restored, out);
            assertEquals(range(20), out.items, "the rest after the restore, nothing twice");
        }
    }

    @Test
    void when_withoutSnapshotFns_then_savesNothingAndRestartsFromBeginning() throws Exception {
        ListOutbox out = new ListOutbox(5);
        Processor p = start(supplier(numbers(10, false)), out, 0, 1);
        p.complete();
        assertTrue(save(p).isEmpty());
        p.close();
        Processor again = start(supplier(numbers(10, false)), out, 0, 1);
        again.finishSnapshotRestore();
        drain(again, out);
        List<Object> expected = new ArrayList<>(range(6));
        expected.addAll(range(10));
        assertEquals(expected, out.items);
    }

    @Test
    void when_twoInstancesRestoredIntoOne_then_listHoldsBothStates() throws Exception {
        // two instances (even and odd numbers) saved part-way; restored into a single instance whose
        // restoreSnapshotFn merges them: it emits the rest of both shares
        SourceBuilder.Batch<long[][], Long> builder = SourceBuilder
                .batch("shares", ctx -> new long[][] {{ctx.globalIndex(), ctx.totalParallelism()}})
                .fillBufferFn((shares, buf) -> {
                    boolean more = false;
                    for (long[] share : shares) {
                        if (share[0] < 20) {
                            buf.add(share[0]);
                            share[0] += share[1];
                        }
                        more |= share[0] < 20;
                    }
                    if (!more) {
                        buf.close();
                    }
                });
        BatchSource<Long> source = builder
                .createSnapshotFn(shares -> shares[0])
                .restoreSnapshotFn((shares, saved) -> {
                    // saved states are {next, step}; the state array was made for one share
                    long[][] merged = saved.toArray(new long[0][]);
                    shares[0] = merged[0];
                    if (merged.length > 1) {
                        throw new IllegalStateException("test source keeps one share per state object");
                    }
                })
                .build();
        ListOutbox out = new ListOutbox(4);
        List<Map.Entry<Object, Object>> state = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Processor p = start(supplier(source), out, i, 2);
            p.complete();
            state.addAll(save(p));
            p.close();
        }
        assertEquals(2, state.size());
        assertEquals(2, state.stream().map(Map.Entry::getKey).distinct().count(), "one key per instance");
        // instance 0 of 2 gets its own state back
        List<Long> seen = new ArrayList<>();
        for (Object o : out.items) {
            seen.add((Long) o);
        }
        ListOutbox rest = new ListOutbox(100);
        Processor p0 = start(supplier(source), rest, 0, 2);
        restore(p0, List.of(state.get(0)));
        drain(p0, rest);
        Processor p1 = start(supplier(source), rest, 1, 2);
        restore(p1, List.of(state.get(1)));
        drain(p1, rest);
        TreeSet<Long> all = new TreeSet<>(seen);
        for (Object o : rest.items) {
            assertTrue(all.add((Long) o), "emitted twice: " + o);
        }
        assertEquals(new TreeSet<>(LongStream.range(0, 20).boxed().toList()), all);
    }

    private static Processor start(ProcessorSupplier supplier, Outbox out, int index, int total) throws Exception {
        ProcessorContext ctx = new ProcessorContext("test", "v", index, index, total, 271, 1024);
        Processor p = supplier.get(ctx);
        p.init(out, ctx);
        return p;
    }

    private static List<Map.Entry<Object, Object>> save(Processor p) throws Exception {
        List<Map.Entry<Object, Object>> state = new ArrayList<>();
        assertTrue(p.saveToSnapshot((k, v) -> state.add(Map.entry(Util.roundTrip((java.io.Serializable) k),
                Util.roundTrip((java.io.Serializable) v)))));
        return state;
    }

    private static void restore(Processor p, List<Map.Entry<Object, Object>> state) throws Exception {
        for (Map.Entry<Object, Object> e : state) {
            p.restoreFromSnapshot(e.getKey(), e.getValue());
        }
        p.finishSnapshotRestore();
    }

    private static void drain(Processor p, ListOutbox out) throws Exception {
        for (int i = 0; i < 1000; i++) {
            out.calls = 0;
            if (p.complete()) {
                p.close();
                return;
            }
        }
        throw new AssertionError("the source did not complete");
    }

    /** Keeps items; reports its limit after {@code limit} items per call. */
    static final class ListOutbox implements Outbox {
        final List<Object> items = new ArrayList<>();
        final int limit;
        int calls;

        ListOutbox(int limit) {
            this.limit = limit;
        }

        @Override
        public void add(Object item) {
            items.add(item);
            calls++;
        }

        @Override
        public void add(int ordinal, Object item) {
            add(item);
        }

        @Override
        public void addWatermark(long timestamp) {
        }

        @Override
        public boolean hasReachedLimit() {
            return calls >= limit;
        }

        @Override
        public int outputCount() {
            return items.size();
        }
    }
}
