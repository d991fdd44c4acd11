package io.sluice.bench.nexmark;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * NEXMark Q8: per sliding window, the persons who both registered and opened an auction in it:
 * persons and auctions co-aggregated per person id with {@code counting()} each, as in Jet's port.
 *
 * <p>Jet writes {@code persons.window(sliding(..)).groupingKey(Person::id)
 * .aggregate2(counting(), auctions.groupingKey(Auction::sellerId), counting())}; main has
 * {@code groupingKey(..).window(..)} and {@code aggregate2(stage1, aggregateOperation2(op0, op1))},
 * which mean the same (the other forms are being added).
 */
public final class Q08MonitorNewUsers extends NexmarkQuery<KeyedWindowResult<Long, Tuple2<Long, Long>>> {

    @Override
    public String name() {
        return "q8";
    }

    static EventStream<Person> persons(NexmarkParams params) {
        int numDistinctKeys = params.numDistinctKeys();
        return new EventStream<>("persons", params.events(), params.eventsPerSecond(), (seq, timestamp) -> {
            long id = params.random(seq, numDistinctKeys);
            return new Person(id, timestamp, String.format("Person #%07d", id), null);
        });
    }

    static EventStream<Auction> auctions(NexmarkParams params) {
        int numDistinctKeys = params.numDistinctKeys();
        return new EventStream<>("auctions", params.events(), params.eventsPerSecond(),
                (seq, timestamp) -> new Auction(0, timestamp, params.random(137 * seq, numDistinctKeys), 0, 0));
    }

    @Override
    public List<EventStream<?>> streams(NexmarkParams params) {
        return List.of(persons(params), auctions(params));
    }

    @Override
    public Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners) {
        Pipeline pipeline = Pipeline.create();
        StreamStage<Person> persons = pipeline.readFrom(persons(params).source(runners)).withNativeTimestamps(0);
        StreamStage<Auction> auctions = pipeline.readFrom(auctions(params).source(runners)).withNativeTimestamps(0);

        // NEXMark Query 8 (as in Jet's port, in main's forms; see the class comment)
        var queryResult = persons
                .groupingKey(Person::id)
                .window(WindowDefinition.sliding(params.windowSize(), params.slide()))
                .aggregate2(auctions.groupingKey(Auction::sellerId),
                        AggregateOperations.aggregateOperation2(AggregateOperations.counting(), AggregateOperations.counting()))
                .filter(kwr -> kwr.result().f0() > 0 && kwr.result().f1() > 0);
        queryResult.writeTo(sink);
        return pipeline;
    }

    /**
     * By hand, reading both streams in timestamp order: counts per slide frame in arrays indexed by
     * person id, running window sums of both counts, and every window's persons with both.
     */
    @Override
    public List<KeyedWindowResult<Long, Tuple2<Long, Long>>> reference(NexmarkParams params) {
        int keys = params.numDistinctKeys();
        long slide = params.slide();
        long size = params.windowSize();
        int framesPerWindow = (int) (size / slide);
        long[][] personFrames = new long[framesPerWindow][keys];
        long[][] auctionFrames = new long[framesPerWindow][keys];
        long[] persons = new long[keys];
        long[] auctions = new long[keys];
        List<KeyedWindowResult<Long, Tuple2<Long, Long>>> out = new ArrayList<>();
        long[] state = {Long.MIN_VALUE, 0, 0}; // frameEnd, ring index, items in the window
        Runnable closeFrame = () -> {
            long frameEnd = state[0];
            if (state[2] > 0) {
                for (int k = 0; k < keys; k++) {
                    if (persons[k] > 0 && auctions[k] > 0) {
                        out.add(new KeyedWindowResult<>(frameEnd - size, frameEnd, (long) k,
                                Tuple2.tuple2(persons[k], auctions[k])));
                    }
                }
            }
            int ring = (int) ((state[1] + 1) % framesPerWindow);
            long[] p = personFrames[ring];
            long[] a = auctionFrames[ring];
            long leaving = 0;
            for (int k = 0; k < keys; k++) {
                if (p[k] != 0) {
                    persons[k] -= p[k];
                    leaving += p[k];
                    p[k] = 0;
                }
                if (a[k] != 0) {
                    auctions[k] -= a[k];
                    leaving += a[k];
                    a[k] = 0;
                }
            }
            state[1] = ring;
            state[2] -= leaving;
            state[0] = frameEnd + slide;
        };
        EventStream.merged(o -> {
            long ts = o instanceof Person p ? p.timestamp() : ((Auction) o).timestamp();
            long end = Math.floorDiv(ts, slide) * slide + slide;
            if (state[0] == Long.MIN_VALUE) {
                state[0] = end;
            }
            while (state[0] < end) {
                closeFrame.run();
                if (state[2] == 0 && state[0] < end) {
                    state[0] = end; // nothing in the window: skip the empty ones
                }
            }
            int ring = (int) state[1];
            if (o instanceof Person p) {
                personFrames[ring][(int) p.id()]++;
                persons[(int) p.id()]++;
            } else {
                int seller = (int) ((Auction) o).sellerId();
                auctionFrames[ring][seller]++;
                auctions[seller]++;
            }
            state[2]++;
        }, persons(params), auctions(params));
        while (state[2] > 0) {
            closeFrame.run();
        }
        return out;
    }
}
