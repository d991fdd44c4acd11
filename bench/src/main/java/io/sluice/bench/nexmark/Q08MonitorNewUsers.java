package io.sluice.bench.nexmark;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NEXMark Q8: per sliding window, the persons who both registered and opened an auction in it:
 * persons and auctions co-aggregated per person id with {@code counting()} each, as in Jet's port.
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

        // NEXMark Query 8 (as in Jet's port)
        var queryResult = persons
                .window(WindowDefinition.sliding(params.windowSize(), params.slide()))
                .groupingKey(Person::id)
                .aggregate2(AggregateOperations.counting(), auctions.groupingKey(Auction::sellerId),
                        AggregateOperations.counting())
                .filter(kwr -> kwr.result().f0() > 0 && kwr.result().f1() > 0);
        queryResult.writeTo(sink);
        return pipeline;
    }

    /**
     * By hand, reading both streams in timestamp order, the way {@code PlainQ5} does it: counts per
     * slide frame in hash maps, running window counts of both per person id (add each event,
     * subtract the frame that leaves the window), and every window's persons with both.
     */
    @Override
    public List<KeyedWindowResult<Long, Tuple2<Long, Long>>> reference(NexmarkParams params) {
        long slide = params.slide();
        long size = params.windowSize();
        int framesPerWindow = (int) (size / slide);
        List<Map<Long, long[]>> frames = new ArrayList<>(); // ring; per id {persons, auctions}
        for (int i = 0; i < framesPerWindow; i++) {
            frames.add(new HashMap<>());
        }
        Map<Long, long[]> window = new HashMap<>();
        List<KeyedWindowResult<Long, Tuple2<Long, Long>>> out = new ArrayList<>();
        long[] state = {Long.MIN_VALUE, 0}; // frameEnd, ring index
        Runnable closeFrame = () -> {
            long frameEnd = state[0];
            for (Map.Entry<Long, long[]> e : window.entrySet()) {
                long[] c = e.getValue();
                if (c[0] > 0 && c[1] > 0) {
                    out.add(new KeyedWindowResult<>(frameEnd - size, frameEnd, e.getKey(), Tuple2.tuple2(c[0], c[1])));
                }
            }
            int ring = (int) ((state[1] + 1) % framesPerWindow);
            Map<Long, long[]> leaving = frames.get(ring);
            for (Map.Entry<Long, long[]> e : leaving.entrySet()) {
                long[] c = window.get(e.getKey());
                c[0] -= e.getValue()[0];
                c[1] -= e.getValue()[1];
                if (c[0] == 0 && c[1] == 0) {
                    window.remove(e.getKey());
                }
            }
            leaving.clear();
            state[1] = ring;
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
                if (window.isEmpty() && state[0] < end) {
                    state[0] = end; // nothing in the window: skip the empty ones
                }
            }
            Map<Long, long[]> frame = frames.get((int) state[1]);
            int which = o instanceof Person ? 0 : 1;
            Long id = o instanceof Person p ? p.id() : ((Auction) o).sellerId();
            frame.computeIfAbsent(id, k -> new long[2])[which]++;
            window.computeIfAbsent(id, k -> new long[2])[which]++;
        }, persons(params), auctions(params));
        while (!window.isEmpty()) {
            closeFrame.run();
        }
        return out;
    }
}
