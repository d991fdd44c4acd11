package io.sluice.bench.nexmark;

import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.test.TestSources;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * NEXMark Q13: every bid joined with its auction's description from a bounded side input (a
 * batch stage), then sieved as in Jet's port (see {@link Q01CurrencyConversion}).
 */
public final class Q13BoundedSideInput extends NexmarkQuery<Tuple2<Bid, String>> {

    @Override
    public String name() {
        return "q13";
    }

    static EventStream<Bid> bids(NexmarkParams params) {
        int numDistinctKeys = params.numDistinctKeys();
        return new EventStream<>("bids", params.events(), params.eventsPerSecond(),
                (seq, timestamp) -> new Bid(seq, timestamp, seq % numDistinctKeys, 0));
    }

    static List<Entry<Long, String>> descriptions(NexmarkParams params) {
        List<Entry<Long, String>> list = new ArrayList<>(params.numDistinctKeys());
        for (int i = 0; i < params.numDistinctKeys(); i++) {
            list.add(new SimpleImmutableEntry<>((long) i, String.format("Auctioned Item #%05d", i)));
        }
        return list;
    }

    @Override
    public List<EventStream<?>> streams(NexmarkParams params) {
        return List.of(bids(params));
    }

    @Override
    public Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners) {
        Pipeline pipeline = Pipeline.create();
        BatchStage<Entry<Long, String>> itemDescriptions = pipeline.readFrom(TestSources.items(descriptions(params)));
        var bids = pipeline.readFrom(bids(params).source(runners)).withNativeTimestamps(0);
        // NEXMark Query 13 (as in Jet's port)
        var queryResult = bids.hashJoin(itemDescriptions, JoinClause.joinMapEntries(Bid::auctionId), Tuple2::tuple2);
        long sievingFactor = Q01CurrencyConversion.sievingFactor(params);
        queryResult.filter(t2 -> t2.f0().id() % sievingFactor == 0).writeTo(sink);
        return pipeline;
    }

    @Override
    public List<Tuple2<Bid, String>> reference(NexmarkParams params) {
        Map<Long, String> descriptions = new HashMap<>();
        for (Entry<Long, String> e : descriptions(params)) {
            descriptions.put(e.getKey(), e.getValue());
        }
        EventStream<Bid> bids = bids(params);
        long sievingFactor = Q01CurrencyConversion.sievingFactor(params);
        List<Tuple2<Bid, String>> out = new ArrayList<>();
        for (long seq = 0; seq < bids.count(); seq++) {
            Bid bid = bids.event(seq);
            Tuple2<Bid, String> joined = Tuple2.tuple2(bid, descriptions.get(bid.auctionId()));
            if (joined.f0().id() % sievingFactor == 0) {
                out.add(joined);
            }
        }
        return out;
    }
}
