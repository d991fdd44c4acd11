package io.sluice.bench.nexmark;

import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StreamStage;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.sluice.engine.datamodel.Tuple3.tuple3;

/**
 * NEXMark Q6: per seller, the average selling price of its last 10 closed auctions, emitted as each
 * auction closes: auctions closed by a custom processor ({@link WinningBidP}, Jet's
 * {@code ClosedAuctionP}), then a keyed {@code mapStateful} with a ring buffer, as in Jet's port.
 *
 * <p>Differences from Jet's port: the result carries the seller, (seller, average, expires) instead
 * of (average, expires), so the check can replay each seller's sequence; bids have random prices
 * (Jet's are all 0); and an auction lasts at least 2 ms (Jet: from 0 ms), so none of its bids
 * (all within 1 ms of its start) can come at or after its close, which would make the winning bid
 * depend on timing.
 *
 * <p>A seller's averages depend on the order in which its closed auctions reach the stateful
 * stage; auctions closed by different parallel instances reach it in any order (in Jet too). So the
 * check compares the multiset of (seller, expires) with the reference's and replays every
 * seller's ring buffer in the order the (ordered) sink received the seller's results, with the
 * auctions' winning prices from the reference.
 */
public final class Q06AvgSellingPrice extends NexmarkQuery<Tuple3<Long, Long, Long>> {
    static final int AUCTION_BID_RATIO = 10;
    static final long AUCTION_MAX_DURATION = 1024;
    static final int WINDOW_ITEM_COUNT = 10;

    /** Winning prices by (seller, expires), from the last {@link #reference} run. */
    private final Map<Tuple2<Long, Long>, List<Long>> winningPrices = new HashMap<>();

    @Override
    public String name() {
        return "q6";
    }

    static EventStream<Auction> auctions(NexmarkParams params) {
        int numDistinctKeys = params.numDistinctKeys();
        return new EventStream<>("auctions", Math.max(1, params.events() / AUCTION_BID_RATIO),
                Math.max(1, params.eventsPerSecond() / AUCTION_BID_RATIO), (seq, timestamp) -> {
            long sellerId = params.random(137 * seq, numDistinctKeys);
            long duration = 2 + params.random(271 * seq, AUCTION_MAX_DURATION - 2);
            int category = (int) params.random(743 * seq, 128);
            return new Auction(seq, timestamp, sellerId, category, timestamp + duration);
        });
    }

    static EventStream<Bid> bids(NexmarkParams params) {
        return new EventStream<>("bids", params.events(), params.eventsPerSecond(),
                (seq, timestamp) -> new Bid(seq, timestamp, seq / AUCTION_BID_RATIO, params.random(seq, 1000)));
    }

    @Override
    public List<EventStream<?>> streams(NexmarkParams params) {
        return List.of(auctions(params), bids(params));
    }

    @Override
    public boolean orderedSink() {
        return true;
    }

    @Override
    public Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners) {
        Pipeline pipeline = Pipeline.create();
        StreamStage<Object> auctions = pipeline.readFrom(auctions(params).source(runners))
                .withNativeTimestamps(0)
                .map(a -> a); // upcast
        StreamStage<Object> bids = pipeline.readFrom(bids(params).source(runners))
                .withNativeTimestamps(0)
                .map(b -> b);

        // NEXMark Query 6 (as in Jet's port, with the seller in the result)
        StreamStage<Tuple3<Long, Long, Long>> queryResult = auctions
                .merge(bids)
                .apply(WinningBidP.closedAuction(AUCTION_MAX_DURATION))
                .groupingKey(t -> t.f0().sellerId())
                .mapStateful(() -> new LongRingBuffer(WINDOW_ITEM_COUNT),
                        (ctx, key, item) -> {
                            ctx.add(item.f1().price());
                            return tuple3(key, ctx.avg(), item.f0().expires());
                        });
        queryResult.writeTo(sink);
        return pipeline;
    }

    /** The last {@code capacity} prices and their average, as in Jet's port. */
    static final class LongRingBuffer implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long[] data;
        private int ptr;
        private int size;

        LongRingBuffer(int capacity) {
            data = new long[capacity];
        }

        void add(long value) {
            data[ptr++] = value;
            if (ptr == data.length) {
                ptr = 0;
            }
            if (size < data.length) {
                size++;
            }
        }

        long avg() {
            long total = 0;
            for (int i = 0; i < size; i++) {
                total += data[i];
            }
            return total / size;
        }
    }

    /**
     * By hand, reading both streams in timestamp order: open auctions by expiry, the highest bid per
     * auction; before each event the auctions that expired before the previous event's time are
     * closed (in expiry order, then arrival order) and fed to their seller's ring buffer.
     */
    @Override
    public List<Tuple3<Long, Long, Long>> reference(NexmarkParams params) {
        TreeMap<Long, ArrayDeque<Auction>> open = new TreeMap<>();
        Map<Long, Bid> maxBids = new HashMap<>();
        Map<Long, LongRingBuffer> buffers = new HashMap<>();
        List<Tuple3<Long, Long, Long>> out = new ArrayList<>();
        winningPrices.clear();
        long[] watermark = {Long.MIN_VALUE};
        Runnable closeBefore = () -> {
            Map.Entry<Long, ArrayDeque<Auction>> first;
            while ((first = open.firstEntry()) != null && first.getKey() < watermark[0]) {
                for (Auction a : open.pollFirstEntry().getValue()) {
                    long price = maxBids.remove(a.id()).price();
                    LongRingBuffer buffer = buffers.computeIfAbsent(a.sellerId(), k -> new LongRingBuffer(WINDOW_ITEM_COUNT));
                    buffer.add(price);
                    out.add(tuple3(a.sellerId(), buffer.avg(), a.expires()));
                    winningPrices.computeIfAbsent(Tuple2.tuple2(a.sellerId(), a.expires()), k -> new ArrayList<>()).add(price);
                }
            }
        };
        EventStream.merged(o -> {
            long ts = o instanceof Bid b ? b.timestamp() : ((Auction) o).timestamp();
            if (ts > watermark[0]) {
                watermark[0] = ts;
                closeBefore.run();
            }
            if (o instanceof Auction a) {
                open.computeIfAbsent(a.expires(), x -> new ArrayDeque<>()).add(a);
            } else {
                Bid bid = (Bid) o;
                maxBids.merge(bid.auctionId(), bid, (prev, curr) -> prev.price() > curr.price() ? prev : curr);
            }
        }, auctions(params), bids(params));
        watermark[0] = Long.MAX_VALUE;
        closeBefore.run();
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public String compare(List<Object> sluice, List<Tuple3<Long, Long, Long>> reference) {
        List<Tuple2<Long, Long>> sluiceKeys = new ArrayList<>();
        List<Tuple2<Long, Long>> referenceKeys = new ArrayList<>();
        for (Object o : sluice) {
            Tuple3<Long, Long, Long> t = (Tuple3<Long, Long, Long>) o;
            sluiceKeys.add(Tuple2.tuple2(t.f0(), t.f2()));
        }
        for (Tuple3<Long, Long, Long> t : reference) {
            referenceKeys.add(Tuple2.tuple2(t.f0(), t.f2()));
        }
        String diff = compareMultisets(sluiceKeys, referenceKeys);
        if (diff != null) {
            return "(seller, expires): " + diff;
        }
        // replay every seller's results in sink order, with the winning prices from the reference
        Map<Long, List<Tuple3<Long, Long, Long>>> bySeller = new HashMap<>();
        for (Object o : sluice) {
            Tuple3<Long, Long, Long> t = (Tuple3<Long, Long, Long>) o;
            bySeller.computeIfAbsent(t.f0(), k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<Long, List<Tuple3<Long, Long, Long>>> e : bySeller.entrySet()) {
            Map<Long, List<Long>> prices = new HashMap<>();
            for (Tuple3<Long, Long, Long> t : e.getValue()) {
                prices.computeIfAbsent(t.f2(), x -> new ArrayList<>(winningPrices.get(Tuple2.tuple2(t.f0(), t.f2()))));
            }
            if (!replay(e.getValue(), 0, new LongRingBuffer(WINDOW_ITEM_COUNT), prices)) {
                return "seller " + e.getKey() + ": sluice's averages " + e.getValue() + " are not the running averages of "
                        + "the seller's last " + WINDOW_ITEM_COUNT + " winning prices in any order of equal expiries";
            }
        }
        return null;
    }

    /**
     * Whether {@code results[i..]} are the ring buffer's averages as each auction is added; an
     * auction's price is one of the unused winning prices of its (seller, expiry), tried in turn
     * (the integer average can be the same for two of them, so a wrong choice shows up later).
     */
    private static boolean replay(List<Tuple3<Long, Long, Long>> results, int i, LongRingBuffer buffer,
                                  Map<Long, List<Long>> prices) {
        if (i == results.size()) {
            return true;
        }
        Tuple3<Long, Long, Long> t = results.get(i);
        List<Long> candidates = prices.get(t.f2());
        for (int c = 0; c < candidates.size(); c++) {
            LongRingBuffer next = copy(buffer);
            next.add(candidates.get(c));
            if (next.avg() == t.f1()) {
                Long price = candidates.remove(c);
                if (replay(results, i + 1, next, prices)) {
                    return true;
                }
                candidates.add(c, price);
            }
        }
        return false;
    }

    private static LongRingBuffer copy(LongRingBuffer b) {
        LongRingBuffer c = new LongRingBuffer(b.data.length);
        System.arraycopy(b.data, 0, c.data, 0, b.data.length);
        c.ptr = b.ptr;
        c.size = b.size;
        return c;
    }
}
