package io.sluice.bench.nexmark;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayList;
import java.util.List;

/** NEXMark Q7: the highest bid of every tumbling window. */
public final class Q07HighestBid extends NexmarkQuery<WindowResult<Bid>> {

    /**
     * By price; among equal prices the earlier bid (Jet's port compares by price only, so which of
     * two equal bids wins depends on the order they meet in; a total order makes the result
     * deterministic).
     */
    static final ComparatorEx<Bid> BY_PRICE = (a, b) -> {
        int c = Long.compare(a.price(), b.price());
        return c != 0 ? c : Long.compare(b.id(), a.id());
    };

    @Override
    public String name() {
        return "q7";
    }

    static EventStream<Bid> bids(NexmarkParams params) {
        return new EventStream<>("bids", params.events(), params.eventsPerSecond(),
                (seq, timestamp) -> new Bid(seq, timestamp, seq, params.random(seq, Math.max(1, seq / 100))));
    }

    @Override
    public List<EventStream<?>> streams(NexmarkParams params) {
        return List.of(bids(params));
    }

    @Override
    public Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners) {
        Pipeline pipeline = Pipeline.create();
        var bids = pipeline.readFrom(bids(params).source(runners)).withNativeTimestamps(0);
        // NEXMark Query 7 (as in Jet's port)
        var queryResult = bids
                .window(WindowDefinition.tumbling(params.windowSize()))
                .aggregate(AggregateOperations.maxBy(BY_PRICE));
        queryResult.writeTo(sink);
        return pipeline;
    }

    @Override
    public List<WindowResult<Bid>> reference(NexmarkParams params) {
        EventStream<Bid> bids = bids(params);
        long size = params.windowSize();
        List<WindowResult<Bid>> out = new ArrayList<>();
        Bid best = null;
        long end = Long.MIN_VALUE;
        for (long seq = 0; seq < bids.count(); seq++) {
            Bid bid = bids.event(seq);
            long bidEnd = Math.floorDiv(bid.timestamp(), size) * size + size;
            if (bidEnd != end) {
                if (best != null) {
                    out.add(new WindowResult<>(end - size, end, best));
                }
                end = bidEnd;
                best = bid;
            } else if (BY_PRICE.compare(bid, best) > 0) {
                best = bid;
            }
        }
        if (best != null) {
            out.add(new WindowResult<>(end - size, end, best));
        }
        return out;
    }
}
