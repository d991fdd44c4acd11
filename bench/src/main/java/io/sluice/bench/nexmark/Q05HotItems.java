package io.sluice.bench.nexmark;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * NEXMark Q5: the 10 auctions with the most bids in every sliding window, as in Jet's port:
 * bids counted per auction per sliding window, then a tumbling window of the slide over those
 * counts with {@code topN(10)}.
 *
 * <p>Differences from Jet's port: Jet writes {@code bids.window(sliding(..)).groupingKey(Bid::auctionId)};
 * main has only {@code groupingKey(..).window(..)} (the other order is being added), which means
 * the same. Bids pick their auction at random instead of round-robin, so the counts differ; and
 * {@code topN} orders equal counts by the smaller auction id (Jet's compares counts only, so which
 * of equal auctions make the top 10 depends on the order they meet in).
 */
public final class Q05HotItems extends NexmarkQuery<WindowResult<List<KeyedWindowResult<Long, Long>>>> {
    static final int TOP = 10;

    /** By count, then the smaller auction id is the greater. */
    static final ComparatorEx<KeyedWindowResult<Long, Long>> BY_COUNT = (a, b) -> {
        int c = Long.compare(a.result(), b.result());
        return c != 0 ? c : Long.compare(b.key(), a.key());
    };

    @Override
    public String name() {
        return "q5";
    }

    static EventStream<Bid> bids(NexmarkParams params) {
        int numDistinctKeys = params.numDistinctKeys();
        return new EventStream<>("bids", params.events(), params.eventsPerSecond(),
                (seq, timestamp) -> new Bid(seq, timestamp, params.random(seq, numDistinctKeys), 0));
    }

    @Override
    public List<EventStream<?>> streams(NexmarkParams params) {
        return List.of(bids(params));
    }

    @Override
    public Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners) {
        Pipeline pipeline = Pipeline.create();
        var bids = pipeline.readFrom(bids(params).source(runners)).withNativeTimestamps(0);
        // NEXMark Query 5 (as in Jet's port; Jet: .window(sliding(..)).groupingKey(Bid::auctionId))
        var queryResult = bids
                .groupingKey(Bid::auctionId)
                .window(WindowDefinition.sliding(params.windowSize(), params.slide()))
                .aggregate(AggregateOperations.counting())
                .window(WindowDefinition.tumbling(params.slide()))
                .aggregate(AggregateOperations.topN(TOP, BY_COUNT));
        queryResult.writeTo(sink);
        return pipeline;
    }

    /**
     * By hand: bid counts per slide frame in arrays indexed by auction id, a running window sum
     * (add the entering frame, subtract the leaving one), and the top 10 of each window by a
     * partial selection.
     */
    @Override
    public List<WindowResult<List<KeyedWindowResult<Long, Long>>>> reference(NexmarkParams params) {
        EventStream<Bid> bids = bids(params);
        int keys = params.numDistinctKeys();
        long slide = params.slide();
        int framesPerWindow = (int) (params.windowSize() / slide);
        long[][] frames = new long[framesPerWindow][keys]; // ring of the window's frames
        long[] window = new long[keys];
        List<WindowResult<List<KeyedWindowResult<Long, Long>>>> out = new ArrayList<>();
        long frameEnd = Long.MIN_VALUE; // end of the frame being filled
        int ring = 0;
        long inWindow = 0; // bids in the current window
        long[] frameCounts = new long[framesPerWindow];
        for (long seq = 0; seq <= bids.count(); seq++) {
            long ts = seq < bids.count() ? bids.timestamp(seq) : Long.MAX_VALUE;
            long end = ts == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(ts, slide) * slide + slide;
            if (frameEnd == Long.MIN_VALUE) {
                frameEnd = end;
            }
            // close frames (and so windows) until the bid's frame is the current one
            while (frameEnd < end && (inWindow > 0 || ts != Long.MAX_VALUE)) {
                if (inWindow > 0) {
                    out.add(new WindowResult<>(frameEnd - slide, frameEnd, top(window, frameEnd - params.windowSize(), frameEnd)));
                }
                ring = (ring + 1) % framesPerWindow;
                long[] leaving = frames[ring];
                for (int k = 0; k < keys; k++) {
                    if (leaving[k] != 0) {
                        window[k] -= leaving[k];
                        leaving[k] = 0;
                    }
                }
                inWindow -= frameCounts[ring];
                frameCounts[ring] = 0;
                frameEnd += slide;
                if (inWindow == 0 && ts != Long.MAX_VALUE && frameEnd < end) {
                    frameEnd = end; // skip empty windows
                }
            }
            if (ts == Long.MAX_VALUE) {
                break;
            }
            int auction = (int) bids.event(seq).auctionId();
            frames[ring][auction]++;
            window[auction]++;
            frameCounts[ring]++;
            inWindow++;
        }
        return out;
    }

    private static List<KeyedWindowResult<Long, Long>> top(long[] window, long start, long end) {
        long[] bestCount = new long[TOP];
        int[] bestKey = new int[TOP];
        int size = 0;
        for (int k = 0; k < window.length; k++) {
            long c = window[k];
            if (c == 0 || (size == TOP && c <= bestCount[TOP - 1])) {
                continue; // on equal counts the smaller key, seen first, stays
            }
            int pos = size < TOP ? size++ : TOP - 1;
            while (pos > 0 && bestCount[pos - 1] < c) {
                bestCount[pos] = bestCount[pos - 1];
                bestKey[pos] = bestKey[pos - 1];
                pos--;
            }
            bestCount[pos] = c;
            bestKey[pos] = k;
        }
        List<KeyedWindowResult<Long, Long>> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new KeyedWindowResult<>(start, end, (long) bestKey[i], bestCount[i]));
        }
        return list;
    }
}
