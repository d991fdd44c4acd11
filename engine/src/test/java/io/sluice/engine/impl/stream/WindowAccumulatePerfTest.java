package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.pipeline.WindowDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coarse guard on the cost of the keyed accumulate step (the streaming benchmark's hot path).
 * The bound is loose so that a slow CI machine does not fail it; the measured figure is printed.
 */
@Timeout(60)
class WindowAccumulatePerfTest {

    record Trade(long time, int ticker, long qty) {
    }

    @Test
    void when_keyedSlidingAccumulate_then_wellUnderAMicrosecondPerEvent() throws Exception {
        WindowAccumulateP p = new WindowAccumulateP((Trade t) -> t.ticker(), WindowDefinition.sliding(10_000, 1_000),
                AggregateOperations.summingLong(Trade::qty), 0, false);
        long[] emitted = {0};
        p.init(new Outbox() {
            @Override
            public void add(Object item) {
                emitted[0]++;
            }

            @Override
            public void add(int ordinal, Object item) {
                emitted[0]++;
            }

            @Override
            public void addWatermark(long timestamp) {
            }

            @Override
            public boolean hasReachedLimit() {
                return false;
            }

            @Override
            public int outputCount() {
                return 1;
            }
        }, ProcessorContext.single("perf"));
        int batchSize = 1024;
        int batches = 256;
        Batch[] input = new Batch[batches];
        // 5 000 events per ms of event time, 10 000 keys
        long n = 0;
        for (int b = 0; b < batches; b++) {
            Object[] items = new Object[batchSize];
            for (int i = 0; i < batchSize; i++, n++) {
                long ts = n / 5;
                items[i] = new TimestampedItem<>(ts, new Trade(ts, (int) (n * 7919 % 10_000), n & 0xff));
            }
            input[b] = Batch.wrap(items, batchSize);
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 12; round++) {
            long start = System.nanoTime();
            for (Batch b : input) {
                p.process(0, b);
            }
            long elapsed = System.nanoTime() - start;
            p.complete();
            best = Math.min(best, (double) elapsed / ((long) batches * batchSize));
        }
        System.out.printf("keyed sliding accumulate: %.1f ns/event (best of 12 rounds)%n", best);
        assertTrue(emitted[0] > 0);
        assertTrue(best < 1000, "accumulate took " + best + " ns/event");
    }
}
