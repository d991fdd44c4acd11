package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.impl.stream.JoinCondition;
import io.sluice.engine.impl.stream.StreamJoinP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A fused chain whose head is {@code IdleAware} (a stream join) lets the head decide when the idle
 * marker goes out, instead of sending it through the steps itself: a join holding a left item
 * may still emit results below the watermark, so its consumers must keep waiting for it.
 */
@Timeout(30)
class FusedIdleAwareHeadTest {

    @Test
    void when_allInputsIdleAndHeadHoldsLeftItem_then_noIdleMarker_andMarkerOnceReleased() throws Exception {
        StreamProcessorsTest.RecordingOutbox outbox = new StreamProcessorsTest.RecordingOutbox(1);
        StreamJoinP join = new StreamJoinP((String s) -> s.charAt(0), (String s) -> s.charAt(0), null,
                (String l, String r) -> l + r, JoinCondition.interval(0, 10), false);
        FusedProcessor chain = new FusedProcessor(join, new TimestampedStep(new StatelessSteps.MapStep(s -> "out " + s)));
        chain.init(outbox, ProcessorContext.single("join"));
        assertFalse(chain.forwardsWatermarks());

        chain.process(0, Batch.wrap(new Object[]{new TimestampedItem<>(100, "a1")}, 1));
        chain.tryProcessWatermark(105);
        chain.onAllInputsIdle();
        assertEquals(List.of(new Watermark(100)), outbox.out);

        chain.tryProcessWatermark(111);
        chain.onAllInputsIdle();
        chain.process(1, Batch.wrap(new Object[]{new TimestampedItem<>(112, "b1")}, 1));

        assertEquals(List.of(new Watermark(100), new Watermark(111), new Watermark(Long.MAX_VALUE)), outbox.out);
    }
}
