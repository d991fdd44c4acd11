package io.sluice.engine.impl.execution;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.impl.stream.FrameEntry;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A window accumulate stage in a vertex of its own (the source is forked) holds open frames;
 * when all its inputs go idle it must hand them on before telling its consumers it is idle, or
 * the combine (which then ignores it) would close windows without them.
 */
@Timeout(10)
class IdleFlushTest {

    @Test
    void when_allInputsOfAnAccumulateGoIdle_then_openFramesGoOutBeforeTheIdleMarker() throws Exception {
        Pipeline p = Pipeline.create();
        StreamStage<Long> events = p.readFrom(TestSources.timestampedList(List.of(new TimestampedItem<>(0L, 0L)), 2))
                                    .withNativeTimestamps(10);
        events.writeTo(TestSinks.collecting()); // fork: the accumulate is not fused into the source
        events.groupingKey(x -> x % 3).window(WindowDefinition.tumbling(100))
              .aggregate(AggregateOperations.counting()).writeTo(TestSinks.collecting());
        Dag dag = p.toDag();
        ExecutionPlan plan = ExecutionPlan.of(dag, 2);
        ExecutionPlan.VertexPlan accumulate = plan.vertexPlan(dag.vertex("window-accumulate"));
        assertTrue(accumulate.inlets(0).size() >= 1);

        ProcessorDriver driver = new ProcessorDriver(accumulate.vertex().supplier().get(ProcessorContext.single("window-accumulate")),
                ProcessorContext.single("window-accumulate"), accumulate.inlets(0), accumulate.outlets(0), plan::edge, 1024, 0);
        driver.init();
        int inlets = accumulate.inlets(0).size();
        for (int in = 0; in < inlets; in++) {
            driver.onItem(in, Batch.of(new TimestampedItem<>(5L, 1L), new TimestampedItem<>(150L, 2L)), 0);
            driver.onItem(in, new Watermark(20), 0);
        }
        for (int in = 0; in < inlets; in++) {
            driver.onItem(in, Watermark.IDLE, 0);
        }
        driver.runPending();

        List<String> frames = new ArrayList<>();
        for (int out = 0; out < driver.outletCount(); out++) {
            List<Object> seen = new ArrayList<>();
            EdgeItem item;
            while ((item = driver.pollOutput(out)) != null) {
                if (item instanceof Batch b) {
                    seen.addAll(b);
                } else {
                    seen.add(item);
                }
            }
            assertEquals(Watermark.IDLE, seen.get(seen.size() - 1), "idle marker last on outlet " + out + ": " + seen);
            for (Object o : seen.subList(0, seen.size() - 1)) {
                assertTrue(o instanceof FrameEntry || o instanceof Watermark, "unexpected " + o);
                if (o instanceof FrameEntry f) {
                    frames.add(f.frameEnd() + ":" + f.key() + ":" + ((io.sluice.engine.accumulator.LongAccumulator) f.accumulator()).get());
                }
            }
        }
        // both open frames (ends 100 and 200) were handed on before the idle marker, one item per inlet in each
        frames.sort(null);
        assertEquals(List.of("100:1:" + inlets, "200:2:" + inlets), frames);
    }
}
