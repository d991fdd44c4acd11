package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.sluice.engine.core.test.TestSupport.verifyProcessor;

@Timeout(60)
class FusedProcessorTest {

    /** A source emitting 0..9 with a watermark after every third item, paced by the outbox. */
    static final class WatermarkingSourceP implements Processor {
        private Outbox outbox;
        private int next;

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean complete() {
            while (next < 10) {
                if (outbox.hasReachedLimit()) {
                    return false;
                }
                outbox.add(next++);
                if (next % 3 == 0) {
                    outbox.addWatermark(next * 100L);
                }
            }
            return true;
        }
    }

    @Test
    void when_headEmitsWatermarks_then_theyPassFusedStepsInOrder() throws Exception {
        verifyProcessor(Processors.fused(ctx -> new WatermarkingSourceP(),
                List.of(Processors.filterStep((Integer i) -> i % 2 == 0), Processors.mapStep((Integer i) -> "v" + i))))
                .input(List.of())
                .expectOutput(List.of("v0", "v2", new Watermark(300), "v4", new Watermark(600), "v6", "v8",
                        new Watermark(900)))
                .verify();
    }

    @Test
    void when_sourceFusedWithSortStep_then_sortedOutputPacedByTinyOutbox() throws Exception {
        verifyProcessor(Processors.fused(ctx -> new WatermarkingSourceP(),
                List.of(Processors.filterStep((Integer i) -> true), Processors.sortStep((Integer a, Integer b) -> b - a))))
                .input(List.of())
                .expectOutput(List.of(new Watermark(300), new Watermark(600), new Watermark(900),
                        9, 8, 7, 6, 5, 4, 3, 2, 1, 0))
                .outboxLimit(1)
                .verify();
    }
}
