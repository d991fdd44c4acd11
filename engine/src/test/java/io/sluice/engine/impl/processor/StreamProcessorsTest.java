package io.sluice.engine.impl.processor;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.impl.stream.FrameEntry;
import io.sluice.engine.impl.stream.InsertWatermarksP;
import io.sluice.engine.impl.stream.WindowAccumulateP;
import io.sluice.engine.pipeline.WindowDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream source processor and the fused-chain adapters for streams. */
@Timeout(30)
class StreamProcessorsTest {

    /** Records items (with their ordinal) and watermarks in order. */
    static final class RecordingOutbox implements Outbox {
        final List<Object> out = new ArrayList<>();
        final int outputs;
        int limit = Integer.MAX_VALUE;
        int sinceReset;

        RecordingOutbox(int outputs) {
            this.outputs = outputs;
        }

        @Override
        public void add(Object item) {
            out.add(item);
            sinceReset++;
        }

        @Override
        public void add(int ordinal, Object item) {
            out.add(ordinal == 0 ? item : "#" + ordinal + ":" + item);
            sinceReset++;
        }

        @Override
        public void addWatermark(long timestamp) {
            out.add(new Watermark(timestamp));
        }

        @Override
        public boolean hasReachedLimit() {
            return sinceReset >= limit;
        }

        @Override
        public int outputCount() {
            return outputs;
        }
    }

    private static long watermarks(List<Object> out) {
        return out.stream().filter(o -> o instanceof Watermark).count();
    }

    @Test
    void when_sourceWithTimestampFn_then_wrapsItemsAndWatermarkBeforeEachAdvance() throws Exception {
        int[] next = {0};
        SourceRunner.Factory runner = ctx -> buf -> {
            for (int i = 0; i < 10; i++) {
                buf.add(next[0]++);
            }
        };
        StreamSourceP p = new StreamSourceP("s", runner,
                new EventTimePolicy(EventTimePolicy.Kind.FUNCTION, i -> (Integer) i * 10L, 5), 0);
        RecordingOutbox outbox = new RecordingOutbox(1);
        outbox.limit = 25;
        p.init(outbox, ProcessorContext.single("s"));

        assertFalse(p.complete());

        // granularity 1: every item advances the watermark, which goes out before the item; once the
        // outbox reports its limit right after a watermark, the rest of the fill waits in the backlog
        assertEquals(new Watermark(-5), outbox.out.get(0));
        assertEquals(new TimestampedItem<>(0, 0), outbox.out.get(1));
        assertEquals(51, outbox.out.size(), "25 items with their watermarks, then the 26th watermark");
        assertEquals(new Watermark(25 * 10 - 5), outbox.out.get(50));

        outbox.sinceReset = 0;
        outbox.limit = 3;
        assertFalse(p.complete());
        assertEquals(List.of(new TimestampedItem<>(250, 25), new Watermark(26 * 10 - 5), new TimestampedItem<>(260, 26),
                new Watermark(27 * 10 - 5), new TimestampedItem<>(270, 27)),
                outbox.out.subList(51, outbox.out.size()), "the backlog drains first, paced by the limit");

        outbox.sinceReset = 0;
        outbox.limit = 40;
        outbox.out.clear();
        p.complete();
        assertEquals(List.of(new Watermark(28 * 10 - 5), new TimestampedItem<>(280, 28)), outbox.out.subList(0, 2),
                "order kept across calls");
        for (int i = 0; i + 1 < outbox.out.size(); i += 2) {
            assertTrue(outbox.out.get(i) instanceof Watermark && outbox.out.get(i + 1) instanceof TimestampedItem<?>,
                    "every later item after its watermark: " + outbox.out);
        }
    }

    @Test
    void when_runnerIdle_then_idleOnceAndWatermarkAgainWithNextData() throws Exception {
        boolean[] hasData = {true};
        long[] ts = {100};
        SourceRunner.Factory runner = ctx -> buf -> {
            if (hasData[0]) {
                buf.add("x", ts[0]++);
            }
        };
        StreamSourceP p = new StreamSourceP("s", runner, new EventTimePolicy(EventTimePolicy.Kind.NATIVE, null, 0), 1);
        RecordingOutbox outbox = new RecordingOutbox(1);
        outbox.limit = 1;
        p.init(outbox, ProcessorContext.single("s"));
        p.complete();
        outbox.sinceReset = 0;
        hasData[0] = false;
        p.complete(); // starts the idle clock
        Thread.sleep(5);
        p.complete();
        p.complete();
        assertEquals(List.of(new Watermark(100), new TimestampedItem<>(100, "x"), Watermark.IDLE), outbox.out);

        hasData[0] = true;
        ts[0] = 100; // same time again: the watermark did not advance, but it is re-sent to end the idle period
        outbox.sinceReset = 0;
        p.complete();
        assertEquals(List.of(new Watermark(100), new TimestampedItem<>(100, "x")), outbox.out.subList(3, 5),
                "the watermark again, before the next item");
    }

    @Test
    void when_filterOnTimestampedItems_then_wrapperReusedAndMapRewraps() throws Exception {
        RecordingOutbox outbox = new RecordingOutbox(1);
        FusedProcessor chain = new FusedProcessor(null,
                new TimestampedStep(new StatelessSteps.FilterStep(i -> (Integer) i > 1)),
                new TimestampedStep(new StatelessSteps.MapStep(i -> "v" + i)));
        chain.init(outbox, ProcessorContext.single("c"));
        TimestampedItem<Integer> two = new TimestampedItem<>(7, 2);

        chain.process(0, Batch.wrap(new Object[] {new TimestampedItem<>(5, 1), two}, 2));

        assertEquals(List.of(new TimestampedItem<>(7, "v2")), outbox.out);

        RecordingOutbox filtered = new RecordingOutbox(1);
        FusedProcessor filterOnly = new FusedProcessor(null, new TimestampedStep(new StatelessSteps.FilterStep(i -> true)));
        filterOnly.init(filtered, ProcessorContext.single("f"));
        filterOnly.process(0, Batch.wrap(new Object[] {two}, 1));
        assertSame(two, filtered.out.get(0), "a filter passes the input's own wrapper on");
    }

    @Test
    void when_timestampStepInChain_then_inputWatermarksSwallowedAndOwnEmitted() throws Exception {
        RecordingOutbox outbox = new RecordingOutbox(1);
        InsertWatermarksP insert = new InsertWatermarksP(i -> (Integer) i, 0);
        FusedProcessor chain = new FusedProcessor(null, new StatelessSteps.MapStep(i -> i),
                new ProcessorBodyStep(insert, insert::processItem, false, false));
        chain.init(outbox, ProcessorContext.single("c"));

        assertFalse(chain.forwardsWatermarks());
        assertTrue(chain.tryProcessWatermark(1_000));
        chain.process(0, Batch.wrap(new Object[] {5}, 1));

        assertEquals(List.of(new Watermark(5), new TimestampedItem<>(5, 5)), outbox.out);
    }

    @Test
    void when_accumulateAfterSourceHead_then_framesOnWatermarkAndFlushOnIdleKeepsWatermark() throws Exception {
        RecordingOutbox outbox = new RecordingOutbox(2);
        Processor head = new Processor() {
            private Outbox out;
            private int call;

            @Override
            public void init(Outbox outbox, ProcessorContext context) {
                out = outbox;
            }

            @Override
            public void process(int ordinal, Batch batch) {
            }

            @Override
            public boolean complete() {
                switch (call++) {
                    case 0 -> {
                        out.add(new TimestampedItem<>(5, "a"));
                        out.add(new TimestampedItem<>(15, "b"));
                        out.addWatermark(10);
                    }
                    case 1 -> {
                        out.add(new TimestampedItem<>(17, "c"));
                        out.addWatermark(Long.MAX_VALUE); // idle
                    }
                    case 2 -> {
                        out.add(new TimestampedItem<>(3, "late"));
                        out.add(new TimestampedItem<>(12, "d"));
                    }
                    default -> {
                        return true;
                    }
                }
                return false;
            }
        };
        WindowAccumulateP acc = new WindowAccumulateP(null, WindowDefinition.tumbling(10), AggregateOperations.counting(), 0, true);
        FusedProcessor chain = new FusedProcessor(head, new ProcessorBodyStep(acc, acc::processItem, true, true));
        chain.init(outbox, ProcessorContext.single("c"));

        while (!chain.complete()) {
            outbox.sinceReset = 0;
        }

        List<String> out = outbox.out.stream().map(o -> o instanceof FrameEntry f ? "frame " + f.frameEnd() + "=" + ((io.sluice.engine.accumulator.LongAccumulator) f.accumulator()).get()
                : o.toString()).toList();
        assertEquals(List.of("frame 10=1", "Watermark[timestamp=10]",
                "frame 20=2", "Watermark[timestamp=" + Long.MAX_VALUE + "]",
                "#1:late", "frame 20=1"), out);
    }
}
