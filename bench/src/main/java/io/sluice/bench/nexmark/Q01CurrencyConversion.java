package io.sluice.bench.nexmark;

import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;

import java.util.ArrayList;
import java.util.List;

/**
 * NEXMark Q1: every bid's price converted to another currency ({@code price * 8 / 10}). As in Jet's
 * port, the results are then sieved (every {@code eventsPerSecond / 8192}-th bid by id, so about
 * 8,192 results per second of event time) before they reach the sink: the sink measures the
 * query, not the cost of keeping millions of results.
 */
public final class Q01CurrencyConversion extends NexmarkQuery<Bid> {

    @Override
    public String name() {
        return "q1";
    }

    static EventStream<Bid> bids(NexmarkParams params) {
        int numDistinctKeys = params.numDistinctKeys();
        return new EventStream<>("bids", params.events(), params.eventsPerSecond(),
                (seq, timestamp) -> new Bid(seq, timestamp, seq % numDistinctKeys, params.random(seq, 100)));
    }

    @Override
    public List<EventStream<?>> streams(NexmarkParams params) {
        return List.of(bids(params));
    }

    @Override
    public Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners) {
        Pipeline pipeline = Pipeline.create();
        var input = pipeline.readFrom(bids(params).source(runners)).withNativeTimestamps(0);
        // NEXMark Query 1 (as in Jet's port)
        var queryResult = input
                .map(bid -> new Bid(bid.id(), bid.timestamp(), bid.auctionId(), bid.price() * 8 / 10));
        long sievingFactor = sievingFactor(params);
        queryResult.filter(bid -> bid.id() % sievingFactor == 0).writeTo(sink);
        return pipeline;
    }

    /** Jet's port's {@code eventsPerSecond / 8192} (at least 1). */
    static long sievingFactor(NexmarkParams params) {
        return Math.max(1, params.eventsPerSecond() / 8192);
    }

    @Override
    public List<Bid> reference(NexmarkParams params) {
        EventStream<Bid> bids = bids(params);
        long sievingFactor = sievingFactor(params);
        List<Bid> out = new ArrayList<>();
        for (long seq = 0; seq < bids.count(); seq++) {
            Bid bid = bids.event(seq);
            Bid converted = new Bid(bid.id(), bid.timestamp(), bid.auctionId(), bid.price() * 8 / 10);
            if (converted.id() % sievingFactor == 0) {
                out.add(converted);
            }
        }
        return out;
    }
}
