package io.sluice.bench.nexmark;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NEXMark Q5: the 10 auctions with the most bids in every sliding window, as in Jet's port:
 * bids counted per auction per sliding window, then a tumbling window of the slide over those
 * counts with {@code topN(10)}.
 *
 * <p>Differences from Jet's port: bids pick their auction at random instead of round-robin, so the counts differ; and
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
        // NEXMark Query 5 (as in Jet's port)
        var queryResult = bids
                .window(WindowDefinition.sliding(params.windowSize(), params.slide()))
                .groupingKey(Bid::auctionId)
                .aggregate(AggregateOperations.counting())
                .window(WindowDefinition.tumbling(params.slide()))
                .aggregate(AggregateOperations.topN(TOP, BY_COUNT));
        queryResult.writeTo(sink);
        return pipeline;
    }

    /**
     * By hand, the way {@code PlainQ5} of the Q5 benchmark does it: bid counts per slide frame in
     * hash maps, a running window count per auction (add each bid, subtract the frame that leaves
     * the window), and the top 10 of each window by a partial selection. (Arrays indexed by auction
     * id would be faster still, but would rely on the generator's dense ids, which Sluice cannot.)
     */
    @Override
    public List<WindowResult<List<KeyedWindowResult<Long, Long>>>> reference(NexmarkParams params) {
        EventStream<Bid> bids = bids(params);
        long slide = params.slide();
        int framesPerWindow = (int) (params.windowSize() / slide);
        List<Map<Long, long[]>> frames = new ArrayList<>(); // ring of the window's frames
        for (int i = 0; i < framesPerWindow; i++) {
            frames.add(new HashMap<>());
        }
        Map<Long, long[]> window = new HashMap<>();
        List<WindowResult<List<KeyedWindowResult<Long, Long>>>> out = new ArrayList<>();
        long frameEnd = Long.MIN_VALUE; // end of the frame being filled
        int ring = 0;
        for (long seq = 0; seq <= bids.count(); seq++) {
            long ts = seq < bids.count() ? bids.timestamp(seq) : Long.MAX_VALUE;
            long end = ts == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(ts, slide) * slide + slide;
            if (frameEnd == Long.MIN_VALUE) {
                frameEnd = end;
            }
            // close frames (and so windows) until the bid's frame is the current one
            while (frameEnd < end && (!window.isEmpty() || ts != Long.MAX_VALUE)) {
                if (!window.isEmpty()) {
                    out.add(new WindowResult<>(frameEnd - slide, frameEnd, top(window, frameEnd - params.windowSize(), frameEnd)));
                }
                ring = (ring + 1) % framesPerWindow;
                Map<Long, long[]> leaving = frames.get(ring);
                for (Map.Entry<Long, long[]> e : leaving.entrySet()) {
                    long[] count = window.get(e.getKey());
                    count[0] -= e.getValue()[0];
                    if (count[0] == 0) {
                        window.remove(e.getKey());
                    }
                }
                leaving.clear();
                frameEnd += slide;
                if (window.isEmpty() && ts != Long.MAX_VALUE && frameEnd < end) {
                    frameEnd = end; // skip empty windows
                }
            }
            if (ts == Long.MAX_VALUE) {
                break;
            }
            Long auction = bids.event(seq).auctionId();
            frames.get(ring).computeIfAbsent(auction, k -> new long[1])[0]++;
            window.computeIfAbsent(auction, k -> new long[1])[0]++;
        }
        return out;
    }

    private static List<KeyedWindowResult<Long, Long>> top(Map<Long, long[]> window, long start, long end) {
        List<KeyedWindowResult<Long, Long>> best = new ArrayList<>(TOP + 1);
        for (Map.Entry<Long, long[]> e : window.entrySet()) {
            long c = e.getValue()[0];
            if (best.size() == TOP) {
                KeyedWindowResult<Long, Long> last = best.get(TOP - 1);
                if (c < last.result() || (c == last.result() && e.getKey() > last.key())) {
                    continue;
                }
            }
            KeyedWindowResult<Long, Long> r = new KeyedWindowResult<>(start, end, e.getKey(), c);
            int pos = best.size();
            while (pos > 0 && BY_COUNT.compare(best.get(pos - 1), r) < 0) {
                pos--;
            }
            best.add(pos, r);
            if (best.size() > TOP) {
                best.remove(TOP);
            }
        }
        return best;
    }
}
