package io.sluice.engine.impl.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.sluice.engine.impl.stream.EventTimeMapper.NO_WATERMARK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EventTimeMapperTest {

    @Test
    void when_firstEvent_then_watermarkIsTimestampMinusLag() {
        EventTimeMapper m = new EventTimeMapper(10);
        assertEquals(90, m.observe(100));
        assertEquals(100, m.maxTimestamp());
        assertEquals(90, m.lastEmittedWatermark());
    }

    @Test
    void when_olderEvent_then_noWatermark() {
        EventTimeMapper m = new EventTimeMapper(10);
        m.observe(100);
        assertEquals(NO_WATERMARK, m.observe(95));
        assertEquals(NO_WATERMARK, m.observe(100));
        assertEquals(91, m.observe(101));
    }

    @Test
    void when_granularity_then_atMostOneWatermarkPerGranularity() {
        EventTimeMapper m = new EventTimeMapper(0, 10, 0);
        assertEquals(100, m.observe(100));
        for (long ts = 101; ts < 110; ts++) {
            assertEquals(NO_WATERMARK, m.observe(ts), "ts " + ts);
        }
        assertEquals(110, m.observe(110));
        assertEquals(NO_WATERMARK, m.observe(119));
        assertEquals(130, m.observe(135), "floored to a multiple of the granularity");
    }

    @Test
    void when_observeEvent_then_sameWatermarksAsObservePerItem() {
        Random rnd = new Random(7);
        EventTimeMapper a = new EventTimeMapper(30, 10, 0);
        EventTimeMapper b = new EventTimeMapper(30, 10, 0);
        for (int i = 0; i < 10_000; i++) {
            long ts = i * 3L + rnd.nextInt(60) - 30;
            assertEquals(a.observe(ts), b.observeEvent(ts), "item " + i);
        }
    }

    @Test
    void when_clock_then_watermarkFollowsNowMinusLag() {
        EventTimeMapper m = new EventTimeMapper(100, 10, 0);
        assertEquals(900, m.observeClock(1_005));
        assertEquals(NO_WATERMARK, m.observeClock(1_009));
        assertEquals(910, m.observeClock(1_010));
    }

    @Test
    void when_randomDisorder_then_watermarksMonotonicAndNeverAboveMaxMinusLag() {
        Random rnd = new Random(42);
        EventTimeMapper m = new EventTimeMapper(50, 7, 0);
        long max = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        List<Long> emitted = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long ts = i + rnd.nextInt(100);
            max = Math.max(max, ts);
            long wm = m.observe(ts);
            if (wm != NO_WATERMARK) {
                assertTrue(wm >= last + 7, "throttled");
                assertEquals(Math.floorDiv(max - 50, 7) * 7, wm, "floored to a multiple of the granularity");
                last = wm;
                emitted.add(wm);
            }
        }
        assertTrue(emitted.size() > 100);
        assertTrue(max - 50 - last < 7, "the last watermark is within one granularity of the true one");
    }

    @Test
    void when_observeOnlyThenPoll_then_oneWatermarkForManyEvents() {
        EventTimeMapper m = new EventTimeMapper(5);
        for (long ts = 0; ts < 100; ts++) {
            m.observeOnly(ts);
        }
        assertEquals(94, m.pollWatermark());
        assertEquals(NO_WATERMARK, m.pollWatermark());
    }

    @Test
    void when_extremeTimestamps_then_noOverflow() {
        EventTimeMapper m = new EventTimeMapper(Long.MAX_VALUE);
        assertEquals(NO_WATERMARK, m.observe(Long.MIN_VALUE + 5));
        assertEquals(-1, m.observe(Long.MAX_VALUE - 1));
        EventTimeMapper m2 = new EventTimeMapper(0);
        assertEquals(NO_WATERMARK, m2.observe(Long.MAX_VALUE), "MAX_VALUE is the idle marker, never a watermark");
    }

    @Test
    void when_noActivityForTimeout_then_idleReportedOnce() {
        EventTimeMapper m = new EventTimeMapper(0, 1, 100);
        long ms = 1_000_000L;
        assertFalse(m.isIdle(0), "first call starts the clock");
        assertFalse(m.pollIdle(99 * ms));
        assertTrue(m.pollIdle(100 * ms));
        assertTrue(m.isIdle(150 * ms));
        assertFalse(m.pollIdle(150 * ms), "reported once per idle period");
        m.markActivity(200 * ms);
        assertFalse(m.isIdle(250 * ms));
        assertTrue(m.pollIdle(300 * ms));
    }

    @Test
    void when_idleTimeoutZero_then_neverIdle() {
        EventTimeMapper m = new EventTimeMapper(0, 1, 0);
        assertFalse(m.isIdle(0));
        assertFalse(m.pollIdle(Long.MAX_VALUE / 2));
    }

    @Test
    void when_badArguments_then_helpfulMessages() {
        assertEquals("allowedLag must not be negative, but was -1",
                assertThrows(IllegalArgumentException.class, () -> new EventTimeMapper(-1)).getMessage());
        assertEquals("granularity must be positive, but was 0",
                assertThrows(IllegalArgumentException.class, () -> new EventTimeMapper(0, 0, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EventTimeMapper(0, 1, -5));
    }
}
