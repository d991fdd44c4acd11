package io.sluice.engine.impl.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.sluice.engine.impl.execution.WatermarkCoalescer.IDLE;
import static io.sluice.engine.impl.execution.WatermarkCoalescer.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class WatermarkCoalescerTest {

    @Test
    void when_inputsAdvance_then_minimumIsEmittedOnlyWhenItGrows() {
        WatermarkCoalescer c = new WatermarkCoalescer(2, 0);
        assertEquals(NONE, c.observeWatermark(0, 10, 0), "input 1 has no watermark yet");
        assertEquals(5, c.observeWatermark(1, 5, 0));
        assertEquals(7, c.observeWatermark(1, 7, 0));
        assertEquals(NONE, c.observeWatermark(1, 6, 0), "a lower watermark of one input changes nothing");
    }

    @Test
    void when_slowInputCatchesUp_then_watermarkFollowsTheMinimum() {
        WatermarkCoalescer c = new WatermarkCoalescer(3, 0);
        c.observeWatermark(0, 100, 0);
        c.observeWatermark(1, 50, 0);
        assertEquals(20, c.observeWatermark(2, 20, 0));
        assertEquals(50, c.observeWatermark(2, 200, 0));
        assertEquals(NONE, c.observeWatermark(0, 300, 0), "min is still input 1 at 50");
        assertEquals(200, c.observeWatermark(1, 400, 0));
    }

    @Test
    void when_inputDone_then_itNoLongerHoldsTheWatermark() {
        WatermarkCoalescer c = new WatermarkCoalescer(2, 0);
        c.observeWatermark(0, 100, 0);
        c.observeWatermark(1, 10, 0);
        assertEquals(100, c.inputDone(1));
    }

    @Test
    void when_inputSendsIdle_then_othersDecideAndIdleIsReportedWhenAllAreIdle() {
        WatermarkCoalescer c = new WatermarkCoalescer(2, 0);
        c.observeWatermark(0, 100, 0);
        c.observeWatermark(1, 10, 0);
        assertEquals(100, c.observeWatermark(1, Long.MAX_VALUE, 0), "idle input 1 is excluded");
        assertEquals(IDLE, c.observeWatermark(0, Long.MAX_VALUE, 0), "both idle");
        assertEquals(NONE, c.observeWatermark(0, Long.MAX_VALUE, 0), "idle reported once");
        assertEquals(100, c.observeWatermark(1, 60, 0), "back from idle: current watermark again, never lower");
        assertEquals(NONE, c.observeWatermark(1, 90, 0));
        assertEquals(150, c.observeWatermark(1, 150, 0));
    }

    @Test
    void when_inputSilentLongerThanTimeout_then_markedIdle() {
        long second = 1_000_000_000L;
        WatermarkCoalescer c = new WatermarkCoalescer(2, second);
        c.observeWatermark(0, 100, 0);
        c.observeWatermark(1, 10, 0);
        assertEquals(NONE, c.checkIdle(second / 2));
        c.observeActivity(0, second);
        c.observeWatermark(0, 500, second);
        assertEquals(500, c.checkIdle(second + second / 2), "input 1 silent for 1.5 s is idle");
    }
}
