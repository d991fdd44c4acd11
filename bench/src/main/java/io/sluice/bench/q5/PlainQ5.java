package io.sluice.bench.q5;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The single-threaded plain-Java reference of NEXMark Q5 ("hot items"): sliding windows of
 * {@code windowSize} every {@code slide}, bids counted per auction, then the auction with the
 * most bids per window. Same event-time semantics as the Sluice job: the watermark trails the
 * highest timestamp by {@code allowedLag}; a bid behind the watermark is late and dropped; a
 * window is emitted when the watermark reaches its end. Counts are kept per slide frame, and a
 * window's counts are the sum of its frames, maintained incrementally (add the newest frame,
 * subtract the one that leaves) — the efficient way to do it by hand.
 */
public final class PlainQ5 {
    private final long windowSize;
    private final long slide;
    private final long allowedLag;
    private final TreeMap<Long, Map<Long, long[]>> frames = new TreeMap<>();
    private final Map<Long, long[]> windowCounts = new HashMap<>();
    private final List<Q5Result> results = new ArrayList<>();
    private long maxTimestamp = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private long nextWindowEnd = Long.MIN_VALUE;
    private long late;

    public PlainQ5(long windowSize, long slide, long allowedLag) {
        this.windowSize = windowSize;
        this.slide = slide;
        this.allowedLag = allowedLag;
    }

    /** Runs the query over events {@code 0..count-1} of {@code generator}. */
    public static PlainQ5 run(BidGenerator generator, long count, long windowSize, long slide, long allowedLag,
                              int watermarkEvery) {
        PlainQ5 q = new PlainQ5(windowSize, slide, allowedLag);
        for (long i = 0; i < count; i++) {
            q.accept(generator.bid(i));
            if (i % watermarkEvery == watermarkEvery - 1) {
                q.advanceWatermark();
            }
        }
        q.finish();
        return q;
    }

    /** Adds one bid. */
    public void accept(Bid bid) {
        long ts = bid.timestamp();
        if (ts < watermark) {
            late++;
            return;
        }
        if (ts > maxTimestamp) {
            maxTimestamp = ts;
        }
        long frameEnd = Math.floorDiv(ts, slide) * slide + slide;
        if (nextWindowEnd == Long.MIN_VALUE || frameEnd < nextWindowEnd) {
            nextWindowEnd = nextWindowEnd == Long.MIN_VALUE ? frameEnd : Math.min(nextWindowEnd, frameEnd);
        }
        long[] c = frames.computeIfAbsent(frameEnd, k -> new HashMap<>()).get(bid.auction());
        if (c == null) {
            frames.get(frameEnd).put(bid.auction(), new long[]{1});
        } else {
            c[0]++;
        }
    }

    /** Moves the watermark to the highest timestamp minus the allowed lag and emits closed windows. */
    public void advanceWatermark() {
        if (maxTimestamp == Long.MIN_VALUE) {
            return;
        }
        long wm = maxTimestamp - allowedLag;
        if (wm > watermark) {
            watermark = wm;
            emitUpTo(wm);
        }
    }

    /** Emits every remaining window. */
    public void finish() {
        emitUpTo(Long.MAX_VALUE);
    }

    private void emitUpTo(long wm) {
        while (nextWindowEnd != Long.MIN_VALUE && nextWindowEnd <= wm) {
            long end = nextWindowEnd;
            long start = end - windowSize;
            // add the newest frame, remove the frame that left
            Map<Long, long[]> entering = frames.get(end);
            if (entering != null) {
                for (Map.Entry<Long, long[]> e : entering.entrySet()) {
                    windowCounts.computeIfAbsent(e.getKey(), k -> new long[1])[0] += e.getValue()[0];
                }
            }
            Map<Long, long[]> leaving = frames.get(start);
            if (leaving != null) {
                for (Map.Entry<Long, long[]> e : leaving.entrySet()) {
                    long[] c = windowCounts.get(e.getKey());
                    c[0] -= e.getValue()[0];
                    if (c[0] == 0) {
                        windowCounts.remove(e.getKey());
                    }
                }
                frames.remove(start);
            }
            if (!windowCounts.isEmpty()) {
                long bestAuction = Long.MAX_VALUE;
                long bestCount = -1;
                for (Map.Entry<Long, long[]> e : windowCounts.entrySet()) {
                    long c = e.getValue()[0];
                    if (c > bestCount || (c == bestCount && e.getKey() < bestAuction)) {
                        bestCount = c;
                        bestAuction = e.getKey();
                    }
                }
                results.add(new Q5Result(end, bestAuction, bestCount));
            }
            nextWindowEnd = end + slide;
            if (windowCounts.isEmpty() && frames.ceilingKey(nextWindowEnd) == null) {
                // nothing buffered ahead: wait for the next bid to set the next window
                Iterator<Long> ahead = frames.keySet().iterator();
                nextWindowEnd = ahead.hasNext() ? ahead.next() : Long.MIN_VALUE;
            }
        }
    }

    public List<Q5Result> results() {
        return results;
    }

    public long lateCount() {
        return late;
    }
}
