package io.sluice.bench.nexmark;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StreamStage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static io.sluice.engine.datamodel.Tuple3.tuple3;

/**
 * NEXMark Q4: the running average of the winning bids' prices per category, with the expiry of the
 * auction just closed: (category, averagePrice, latestAuctionEnd). Auctions are closed by a custom
 * processor ({@link WinningBidP}, Jet's {@code JoinAuctionToWinningBidP}), then a keyed
 * {@code rollingAggregate(allOf(averagingLong, lastSeen))}, as in Jet's port.
 *
 * <p>Differences from Jet's port: 10,000 auctions per second of event time instead of 1,000 (so
 * that auctions last 1-2 s and most close within a run of a few seconds), and bids have random
 * prices (Jet's are all 0).
 *
 * <p>The running average an output carries depends on the order in which a category's closed
 * auctions reach the rolling aggregation; auctions closed by different parallel instances reach it
 * in any order (in Jet too). So the check compares what does not depend on it: the multiset of
 * (category, latestAuctionEnd), one per closed auction with a bid, and each category's last average
 * (all of its winning prices), which the ordered sink sees last.
 */
public final class Q04AveragePriceForCategory extends NexmarkQuery<Tuple3<Integer, Double, Long>> {
    static final int AUCTIONS_PER_SECOND = 10_000;

    @Override
    public String name() {
        return "q4";
    }

    static int bidsPerAuction(NexmarkParams params) {
        return (int) Math.max(1, params.eventsPerSecond() / AUCTIONS_PER_SECOND);
    }

    static long auctionMinDuration(NexmarkParams params) {
        return (long) params.numDistinctKeys() * bidsPerAuction(params) * 1000 / params.eventsPerSecond();
    }

    static EventStream<Auction> auctions(NexmarkParams params) {
        int numDistinctKeys = params.numDistinctKeys();
        int bidsPerAuction = bidsPerAuction(params);
        long auctionMinDuration = auctionMinDuration(params);
        long auctionMaxDuration = 2 * auctionMinDuration;
        return new EventStream<>("auctions", Math.max(1, params.events() / bidsPerAuction),
                params.eventsPerSecond() / bidsPerAuction, (seq, timestamp) -> {
            long sellerId = params.random(137 * seq, numDistinctKeys);
            long duration = auctionMinDuration + params.random(271 * seq, auctionMaxDuration - auctionMinDuration);
            int category = (int) params.random(743 * seq, 128);
            return new Auction(seq, timestamp, sellerId, category, timestamp + duration);
        });
    }

    static EventStream<Bid> bids(NexmarkParams params) {
        int bidsPerAuction = bidsPerAuction(params);
        return new EventStream<>("bids", params.events(), params.eventsPerSecond(),
                (seq, timestamp) -> new Bid(seq, timestamp, seq / bidsPerAuction, params.random(seq, 1000)));
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
        long auctionMaxDuration = 2 * auctionMinDuration(params);
        Pipeline pipeline = Pipeline.create();
        StreamStage<Object> auctions = pipeline.readFrom(auctions(params).source(runners))
                .withNativeTimestamps(0)
                .map(a -> a); // upcast
        StreamStage<Object> bids = pipeline.readFrom(bids(params).source(runners))
                .withNativeTimestamps(0)
                .map(b -> b);

        // NEXMark Query 4 (as in Jet's port)
        StreamStage<Tuple3<Integer, Double, Long>> queryResult = auctions
                .merge(bids)
                .apply(WinningBidP.joinAuctionToWinningBid(auctionMaxDuration)) // Tuple2(auction, winningBid)
                .map(t -> tuple3(t.f0().category(), t.f1().price(), t.f0().expires())) // "catPriceExpires"
                .groupingKey(Tuple3::f0)
                .rollingAggregate(AggregateOperations.allOf(AggregateOperations.averagingLong(Tuple3::f1), lastSeen()))
                .map(catAndAggrResults -> {
                    int category = catAndAggrResults.getKey();
                    Tuple2<Double, Tuple3<Integer, Long, Long>> aggrResults = catAndAggrResults.getValue();
                    Tuple3<Integer, Long, Long> catPriceExpires = aggrResults.f1();
                    double averagePrice = aggrResults.f0();
                    long latestAuctionEnd = catPriceExpires.f2();
                    return tuple3(category, averagePrice, latestAuctionEnd);
                });
        queryResult.writeTo(sink);
        return pipeline;
    }

    /** Jet's {@code lastSeen()}: the last item accumulated (no combine: runs single-stage). */
    static <T> AggregateOperation1<T, AtomicReference<T>, T> lastSeen() {
        return AggregateOperation
                .withCreate(AtomicReference<T>::new)
                .<T>andAccumulate(AtomicReference::set)
                .andExportFinish(AtomicReference::get);
    }

    /**
     * By hand, reading both streams in timestamp order: open auctions by expiry, the highest bid per
     * auction, and before each event the auctions that expired at or before the previous event's
     * time closed (the watermark, lag 0); a running sum and count per category.
     */
    @Override
    public List<Tuple3<Integer, Double, Long>> reference(NexmarkParams params) {
        TreeMap<Long, ArrayDeque<Auction>> open = new TreeMap<>();
        Map<Long, Bid> maxBids = new HashMap<>();
        long[] sums = new long[128];
        long[] counts = new long[128];
        List<Tuple3<Integer, Double, Long>> out = new ArrayList<>();
        long[] watermark = {Long.MIN_VALUE};
        Runnable closeUpTo = () -> {
            Map.Entry<Long, ArrayDeque<Auction>> first;
            while ((first = open.firstEntry()) != null && first.getKey() <= watermark[0]) {
                for (Auction a : open.pollFirstEntry().getValue()) {
                    Bid bid = maxBids.remove(a.id());
                    if (bid != null) {
                        int c = a.category();
                        sums[c] += bid.price();
                        counts[c]++;
                        out.add(tuple3(c, (double) sums[c] / counts[c], a.expires()));
                    }
                }
            }
        };
        EventStream.merged(o -> {
            long ts = o instanceof Bid b ? b.timestamp() : ((Auction) o).timestamp();
            if (ts > watermark[0]) {
                watermark[0] = ts - 1;
                closeUpTo.run();
            }
            if (o instanceof Auction a) {
                open.computeIfAbsent(a.expires(), x -> new ArrayDeque<>()).add(a);
            } else {
                Bid bid = (Bid) o;
                maxBids.merge(bid.auctionId(), bid, (prev, curr) -> prev.price() >= curr.price() ? prev : curr);
            }
        }, auctions(params), bids(params));
        watermark[0] = Long.MAX_VALUE;
        closeUpTo.run();
        return out;
    }

    @Override
    public String compare(List<Object> sluice, List<Tuple3<Integer, Double, Long>> reference) {
        String diff = compareMultisets(catAndEnd(sluice), catAndEnd(reference));
        if (diff != null) {
            return "(category, latestAuctionEnd): " + diff;
        }
        Map<Integer, Double> sluiceLast = lastAverages(sluice);
        Map<Integer, Double> referenceLast = lastAverages(reference);
        return sluiceLast.equals(referenceLast) ? null
                : "last average per category: sluice " + sluiceLast + ", reference " + referenceLast;
    }

    @SuppressWarnings("unchecked")
    private static List<Tuple2<Integer, Long>> catAndEnd(List<?> results) {
        List<Tuple2<Integer, Long>> out = new ArrayList<>(results.size());
        for (Object o : results) {
            Tuple3<Integer, Double, Long> t = (Tuple3<Integer, Double, Long>) o;
            out.add(Tuple2.tuple2(t.f0(), t.f2()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Double> lastAverages(List<?> results) {
        Map<Integer, Double> last = new HashMap<>();
        for (Object o : results) {
            Tuple3<Integer, Double, Long> t = (Tuple3<Integer, Double, Long>) o;
            last.put(t.f0(), t.f1());
        }
        return last;
    }
}
