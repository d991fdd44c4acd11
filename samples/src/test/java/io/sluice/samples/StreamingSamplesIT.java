package io.sluice.samples;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.connectors.Sources;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import io.sluice.samples.Enrichment.EnrichedTrade;
import io.sluice.samples.Trades.Trade;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming samples on an embedded node. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamingSamplesIT {
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("streaming-samples").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void when_tradeMonitorOnOutOfOrderTrades_then_volumesEqualSlidingWindowReference() {
        // 20 s of trades at 500/s, emitted out of order by up to 200 ms (the allowed lag is 300 ms)
        List<Trade> trades = new ArrayList<>();
        for (long seq = 0; seq < 10_000; seq++) {
            trades.add(Trades.trade(seq, 1_000_000 + seq * 2, 200));
        }
        List<TimestampedItem<Trade>> arrival = new ArrayList<>();
        for (Trade t : trades) {
            arrival.add(new TimestampedItem<>(t.timestamp(), t));
        }
        shuffleWithin(arrival, 40, new Random(7)); // at most 78 ms more: 278 ms in all, under the 300 ms allowed lag

        CollectingSink<KeyedWindowResult<String, Long>> sink = TestSinks.collecting();
        sluice.newJob(TradeMonitor.pipeline(TestSources.timestampedList(arrival, 2), sink), JobConfig.named("trade-monitor-test"))
              .join();

        Map<String, Long> expected = new HashMap<>();
        long size = TradeMonitor.WINDOW_MILLIS;
        long slide = TradeMonitor.SLIDE_MILLIS;
        for (Trade t : trades) {
            long firstEnd = Math.floorDiv(t.timestamp(), slide) * slide + slide;
            for (long end = firstEnd; end - size <= t.timestamp(); end += slide) {
                expected.merge(t.symbol() + "@" + end, t.quantity(), Long::sum);
            }
        }
        Map<String, Long> actual = new HashMap<>();
        for (KeyedWindowResult<String, Long> r : sink.items()) {
            assertEquals(size, r.end() - r.start());
            assertEquals(null, actual.put(r.key() + "@" + r.end(), r.result()), "duplicate result " + r);
        }
        assertEquals(expected, actual);
        assertTrue(TradeMonitor.format(sink.items().get(0)).contains("volume"));
    }

    /** Moves items by up to {@code maxShift} positions: out of order, but within a bounded distance. */
    private static <T> void shuffleWithin(List<T> list, int maxShift, Random random) {
        for (int i = 0; i + maxShift < list.size(); i += maxShift) {
            Collections.shuffle(list.subList(i, i + maxShift), random);
        }
    }

    @Test
    void when_enrichmentRuns_then_everyTradeCarriesItsCompany_andCancelStopsIt() throws Exception {
        CollectingSink<EnrichedTrade> sink = TestSinks.collecting();
        Job job = sluice.newJob(Enrichment.pipeline(Trades.stream(400, 0), Sources.list(Enrichment.COMPANIES), sink),
                JobConfig.named("enrichment-test"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sink.items().size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        job.cancel();
        assertThrows(JobCancelledException.class, job::join);

        List<EnrichedTrade> out = sink.items();
        assertTrue(out.size() >= 200, "only " + out.size() + " trades in 20 s");
        Map<String, Enrichment.Company> bySymbol = new HashMap<>();
        Enrichment.COMPANIES.forEach(c -> bySymbol.put(c.symbol(), c));
        boolean sawUnknown = false;
        for (EnrichedTrade e : out) {
            Enrichment.Company c = bySymbol.get(e.trade().symbol());
            if (c == null) {
                assertEquals("unknown", e.name());
                sawUnknown = true;
            } else {
                assertEquals(c.name(), e.name());
                assertEquals(c.sector(), e.sector());
            }
        }
        assertTrue(sawUnknown, "ORCL is not in the table and should come out as unknown");
    }
}
