package io.sluice.bench.q5;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class PlainQ5Test {

    /** Every bid counted in every window containing it, then the top auction per window. */
    static List<Q5Result> bruteForce(BidGenerator g, long n, long size, long slide) {
        TreeMap<Long, Map<Long, Long>> windows = new TreeMap<>();
        for (long i = 0; i < n; i++) {
            Bid b = g.bid(i);
            long lastEnd = Math.floorDiv(b.timestamp(), slide) * slide + slide;
            for (long end = lastEnd; end < b.timestamp() + size + 1 && end - size <= b.timestamp(); end += slide) {
                windows.computeIfAbsent(end, k -> new HashMap<>()).merge(b.auction(), 1L, Long::sum);
            }
        }
        List<Q5Result> out = new ArrayList<>();
        windows.forEach((end, counts) -> {
            long best = Long.MAX_VALUE;
            long bestCount = -1;
            for (Map.Entry<Long, Long> e : counts.entrySet()) {
                if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            out.add(new Q5Result(end, best, bestCount));
        });
        return out;
    }

    @Test
    void when_runOverOutOfOrderBids_then_sameAsBruteForceAndNothingLate() {
        BidGenerator g = new BidGenerator(10_000, 50, 50);
        long n = 200_000;
        PlainQ5 q = PlainQ5.run(g, n, 1000, 100, 50, 97);
        assertEquals(0, q.lateCount(), "disorder never exceeds the allowed lag");
        assertEquals(bruteForce(g, n, 1000, 100), q.results());
        assertTrue(q.results().size() > 100);
    }

    @Test
    void when_tumbling_then_sameAsBruteForce() {
        BidGenerator g = new BidGenerator(5_000, 20, 30);
        PlainQ5 q = PlainQ5.run(g, 50_000, 500, 500, 30, 10);
        assertEquals(bruteForce(g, 50_000, 500, 500), q.results());
    }

    @Test
    void when_generated_then_disorderBoundedAndSkewed() {
        BidGenerator g = new BidGenerator(1_000_000, 10_000, 50);
        long max = Long.MIN_VALUE;
        Map<Long, Long> counts = new HashMap<>();
        for (long i = 0; i < 1_000_000; i++) {
            Bid b = g.bid(i);
            max = Math.max(max, b.timestamp());
            assertTrue(b.timestamp() >= max - 50, "disorder beyond 50 ms at " + i);
            counts.merge(b.auction(), 1L, Long::sum);
        }
        long hot = counts.entrySet().stream().filter(e -> e.getKey() < 100).mapToLong(Map.Entry::getValue).sum();
        assertTrue(hot > 450_000, "half the bids go to the hottest 1% of auctions, got " + hot);
    }
}
