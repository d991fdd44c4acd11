package io.sluice.bench.q5;

/**
 * Deterministic NEXMark-style bids: event {@code i} has event time {@code i / eventsPerSecond}
 * seconds minus up to {@code maxDisorderMillis} (so events arrive out of order by up to that
 * much), and bids on one of {@code auctions} auctions with a skewed distribution: half of all bids
 * go to the 1% hottest auctions. The same {@code i} always gives the same bid, so a parallel
 * source (runner {@code r} of {@code n} generates {@code i = r, r + n, ...}) and a single-threaded
 * reference see the same events.
 */
public final class BidGenerator implements java.io.Serializable {
    private final long eventsPerSecond;
    private final long auctions;
    private final long hotAuctions;
    private final long maxDisorderMillis;

    public BidGenerator(long eventsPerSecond, long auctions, long maxDisorderMillis) {
        if (eventsPerSecond < 1 || auctions < 1 || maxDisorderMillis < 0) {
            throw new IllegalArgumentException("eventsPerSecond and auctions must be positive and maxDisorderMillis not negative");
        }
        this.eventsPerSecond = eventsPerSecond;
        this.auctions = auctions;
        this.hotAuctions = Math.max(1, auctions / 100);
        this.maxDisorderMillis = maxDisorderMillis;
    }

    /** The bid with sequence number {@code i}. */
    public Bid bid(long i) {
        return new Bid(auction(i), price(i), timestamp(i));
    }

    /** The event time of event {@code i}. */
    public long timestamp(long i) {
        long ts = i * 1000 / eventsPerSecond;
        long disorder = maxDisorderMillis == 0 ? 0 : Math.floorMod(mix(i * 31 + 7), maxDisorderMillis + 1);
        return Math.max(0, ts - disorder);
    }

    /** The auction of event {@code i}. */
    public long auction(long i) {
        long h = mix(i);
        return (h & 1) == 0 ? Math.floorMod(h >>> 1, hotAuctions) : Math.floorMod(h >>> 1, auctions);
    }

    private static long price(long i) {
        return 100 + Math.floorMod(mix(i * 17 + 3), 10_000);
    }

    /** The highest event time any event up to {@code i} can have. */
    public long maxTimestampUpTo(long i) {
        return i * 1000 / eventsPerSecond;
    }

    /** SplitMix64 finaliser: a well-spread hash of a long. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
