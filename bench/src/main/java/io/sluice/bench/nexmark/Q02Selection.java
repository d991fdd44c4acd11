package io.sluice.bench.nexmark;

import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;

import java.util.ArrayList;
import java.util.List;

import static io.sluice.engine.datamodel.Tuple3.tuple3;

/** NEXMark Q2: the bids on every 128th auction, as (timestamp, auctionId, price). */
public final class Q02Selection extends NexmarkQuery<Tuple3<Long, Long, Long>> {
    static final int AUCTION_ID_MODULUS = 128;

    @Override
    public String name() {
        return "q2";
    }

    @Override
    public List<EventStream<?>> streams(NexmarkParams params) {
        return List.of(Q01CurrencyConversion.bids(params));
    }

    @Override
    public Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners) {
        int auctionIdModulus = AUCTION_ID_MODULUS;
        Pipeline pipeline = Pipeline.create();
        var bids = pipeline.readFrom(Q01CurrencyConversion.bids(params).source(runners)).withNativeTimestamps(0);
        // NEXMark Query 2 (as in Jet's port)
        var queryResult = bids
                .filter(bid -> bid.auctionId() % auctionIdModulus == 0)
                .map(bid -> tuple3(bid.timestamp(), bid.auctionId(), bid.price()));
        queryResult.writeTo(sink);
        return pipeline;
    }

    @Override
    public List<Tuple3<Long, Long, Long>> reference(NexmarkParams params) {
        EventStream<Bid> bids = Q01CurrencyConversion.bids(params);
        List<Tuple3<Long, Long, Long>> out = new ArrayList<>();
        for (long seq = 0; seq < bids.count(); seq++) {
            Bid bid = bids.event(seq);
            if (bid.auctionId() % AUCTION_ID_MODULUS == 0) {
                out.add(tuple3(bid.timestamp(), bid.auctionId(), bid.price()));
            }
        }
        return out;
    }
}
