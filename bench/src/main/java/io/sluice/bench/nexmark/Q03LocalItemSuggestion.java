package io.sluice.bench.nexmark;

import io.sluice.engine.datamodel.Tuple5;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.Traverser;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sluice.engine.datamodel.Tuple5.tuple5;
import static io.sluice.engine.pipeline.Traversers.empty;
import static io.sluice.engine.pipeline.Traversers.singleton;
import static io.sluice.engine.pipeline.Traversers.traverseIterable;

/**
 * NEXMark Q3: auctions of category 0 joined with their sellers from Oregon, California and Idaho:
 * (sellerName, sellerState, auctionStart, auctionId, category). A keyed {@code flatMapStateful}
 * with a time-to-live over the merged person and auction streams, as in Jet's port.
 *
 * <p>Seller ids form a "cloud" that moves up the integer line by one every 100 auctions and is
 * {@code numDistinctKeys} wide; the state's time-to-live is the time the cloud covers a seller id,
 * so no auction comes after its seller's state expired.
 */
public final class Q03LocalItemSuggestion extends NexmarkQuery<Tuple5<String, String, Long, Long, Integer>> {
    static final int AUCTIONS_PER_SELLER = 100;
    private static final String[] STATES = {
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
            "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
            "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"
    };

    @Override
    public String name() {
        return "q3";
    }

    static long ttl(NexmarkParams params) {
        return (long) params.numDistinctKeys() * AUCTIONS_PER_SELLER * 1000 / params.eventsPerSecond();
    }

    static EventStream<Person> persons(NexmarkParams params) {
        return new EventStream<>("persons", Math.max(1, params.events() / AUCTIONS_PER_SELLER),
                Math.max(1, params.eventsPerSecond() / AUCTIONS_PER_SELLER),
                (seq, timestamp) -> new Person(seq, timestamp, "Seller #" + seq, STATES[(int) (seq % STATES.length)]));
    }

    static EventStream<Auction> auctions(NexmarkParams params) {
        int numDistinctKeys = params.numDistinctKeys();
        long ttl = ttl(params);
        return new EventStream<>("auctions", params.events(), params.eventsPerSecond(), (seq, timestamp) -> {
            long sellerId = seq / AUCTIONS_PER_SELLER - params.random(seq, numDistinctKeys);
            if (sellerId < 0) {
                return new Auction(seq, timestamp, 0, 1, 0); // filtered out
            }
            int categoryId = (int) params.random(seq * 31, 10);
            return new Auction(seq, timestamp, sellerId, categoryId, timestamp + ttl);
        });
    }

    static boolean localState(Person p) {
        return p.state().equals("OR") || p.state().equals("CA") || p.state().equals("ID");
    }

    @Override
    public List<EventStream<?>> streams(NexmarkParams params) {
        return List.of(persons(params), auctions(params));
    }

    @Override
    public Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners) {
        long ttl = ttl(params);
        Pipeline pipeline = Pipeline.create();
        StreamStage<Object> persons = pipeline
                .readFrom(persons(params).source(runners))
                .withNativeTimestamps(0)
                .filter(Q03LocalItemSuggestion::localState)
                .map(p -> p); // upcast
        StreamStage<Auction> auctions = pipeline
                .readFrom(auctions(params).source(runners))
                .withNativeTimestamps(0)
                .filter(a -> a.category() == 0);

        // NEXMark Query 3 (as in Jet's port)
        StreamStage<Tuple5<String, String, Long, Long, Integer>> queryResult = persons
                .merge(auctions)
                .groupingKey(o -> o instanceof Person ? ((Person) o).id() : ((Auction) o).sellerId())
                .flatMapStateful(ttl, JoinAuctionToSeller::new, JoinAuctionToSeller::flatMap,
                        (state, key, wm) -> empty());
        queryResult.writeTo(sink);
        return pipeline;
    }

    /** A seller's state: the person (once seen) and its auctions. */
    static final class JoinAuctionToSeller implements Serializable {
        private static final long serialVersionUID = 1L;
        Person person;
        final List<Auction> auctions = new ArrayList<>();

        Traverser<Tuple5<String, String, Long, Long, Integer>> flatMap(Long key, Object o) {
            if (o instanceof Person p) {
                this.person = p;
                return traverseIterable(auctions)
                        .map(auction -> tuple5(p.name(), p.state(), auction.timestamp(), auction.id(), auction.category()));
            }
            Auction auction = (Auction) o;
            auctions.add(auction);
            return person != null
                    ? singleton(tuple5(person.name(), person.state(), auction.timestamp(), auction.id(), auction.category()))
                    : empty();
        }
    }

    /**
     * A hash join by hand, reading both streams in timestamp order: a seller's person event always
     * comes before its auctions (seller ids trail the auction sequence), so an auction whose seller
     * is not known has no local seller.
     */
    @Override
    public List<Tuple5<String, String, Long, Long, Integer>> reference(NexmarkParams params) {
        Map<Long, Person> sellers = new HashMap<>();
        List<Tuple5<String, String, Long, Long, Integer>> out = new ArrayList<>();
        EventStream.merged(o -> {
            if (o instanceof Person p) {
                if (localState(p)) {
                    sellers.put(p.id(), p);
                }
            } else {
                Auction a = (Auction) o;
                Person p;
                if (a.category() == 0 && (p = sellers.get(a.sellerId())) != null) {
                    out.add(tuple5(p.name(), p.state(), a.timestamp(), a.id(), a.category()));
                }
            }
        }, persons(params), auctions(params));
        return out;
    }
}
