package io.sluice.bench.nexmark;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.StreamStage;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ingests a merged stream of {@link Auction}s and {@link Bid}s partitioned by auction id, tracks
 * each auction's highest bid and emits {@code (auction, highestBid)} when the watermark passes the
 * auction's expiry: the processors {@code JoinAuctionToWinningBidP} (Q4) and
 * {@code ClosedAuctionP} (Q6) of Jet's NEXMark port in one class. The Q4 form drops late items,
 * closes auctions expiring at or before the watermark and only those with a bid; the Q6 form
 * closes auctions expiring before it and emits those without a bid with a {@code null} bid. Both
 * stamp the result with the auction's expiry. When the (finite) stream ends every open auction is
 * closed. Bids older than the watermark minus the longest auction duration are dropped every
 * eighth of that duration (their auction is gone).
 *
 * <p>Benchmark code: no snapshot state (Jet's port does not save any either).
 */
final class WinningBidP implements Processor {
    private final long auctionMaxDuration;
    private final boolean q4;
    /** Open auctions by expiry time, each list in arrival order. */
    private final TreeMap<Long, ArrayDeque<Auction>> auctionsByExpiry = new TreeMap<>();
    /** Highest bid per auction id (also bids that came before their auction). */
    private final Map<Long, Bid> maxBids = new HashMap<>();
    private Outbox outbox;
    private long watermark = Long.MIN_VALUE;
    private long nextCleanUpTime = Long.MIN_VALUE;

    private WinningBidP(long auctionMaxDuration, boolean q4) {
        this.auctionMaxDuration = auctionMaxDuration;
        this.q4 = q4;
    }

    private static Object auctionKey(Object o) {
        return o instanceof Bid b ? b.auctionId() : ((Auction) o).id();
    }

    /**
     * Jet's {@code JoinAuctionToWinningBidP.joinAuctionToWinningBid} (Q4), written as Jet writes
     * it: {@code upstream.groupingKey(keyFn).customTransform(..)}.
     */
    static FunctionEx<StreamStage<Object>, StreamStage<Tuple2<Auction, Bid>>> joinAuctionToWinningBid(long auctionMaxDuration) {
        return upstream -> upstream
                .groupingKey(WinningBidP::auctionKey)
                .customTransform("findClosedAuctions", ctx -> new WinningBidP(auctionMaxDuration, true));
    }

    /** Jet's {@code ClosedAuctionP.closedAuction} (Q6); see {@link #joinAuctionToWinningBid}. */
    static FunctionEx<StreamStage<Object>, StreamStage<Tuple2<Auction, Bid>>> closedAuction(long auctionMaxDuration) {
        return upstream -> upstream
                .groupingKey(WinningBidP::auctionKey)
                .customTransform("findClosedAuctions", ctx -> new WinningBidP(auctionMaxDuration, false));
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
    }

    @Override
    public void process(int ordinal, Batch batch) {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            TimestampedItem<?> event = (TimestampedItem<?>) items[i];
            if (q4 && event.timestamp() < watermark) {
                continue; // late
            }
            Object item = event.item();
            if (item instanceof Auction auction) {
                auctionsByExpiry.computeIfAbsent(auction.expires(), x -> new ArrayDeque<>()).add(auction);
            } else {
                Bid bid = (Bid) item;
                maxBids.merge(bid.auctionId(), bid, (prev, curr) -> prev.price() >= curr.price() ? prev : curr);
            }
        }
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) {
        watermark = timestamp;
        if (!emitExpired(q4 ? timestamp + 1 : timestamp)) {
            return false;
        }
        if (nextCleanUpTime <= timestamp) {
            nextCleanUpTime = timestamp + auctionMaxDuration / 8;
            maxBids.values().removeIf(bid -> bid.timestamp() < timestamp - auctionMaxDuration);
        }
        return true;
    }

    @Override
    public boolean complete() {
        return emitExpired(Long.MAX_VALUE);
    }

    /** Emits the auctions expiring before {@code limit}; {@code false} if the outbox filled up first. */
    private boolean emitExpired(long limit) {
        Map.Entry<Long, ArrayDeque<Auction>> first;
        while ((first = auctionsByExpiry.firstEntry()) != null && first.getKey() < limit) {
            ArrayDeque<Auction> auctions = first.getValue();
            Auction auction;
            while ((auction = auctions.poll()) != null) {
                Bid bid = maxBids.remove(auction.id());
                if (bid != null || !q4) {
                    outbox.add(new TimestampedItem<>(auction.expires(), Tuple2.tuple2(auction, bid)));
                }
                if (outbox.hasReachedLimit()) {
                    if (auctions.isEmpty()) {
                        auctionsByExpiry.pollFirstEntry();
                    }
                    return false;
                }
            }
            auctionsByExpiry.pollFirstEntry();
        }
        return true;
    }
}
