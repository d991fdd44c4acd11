package io.sluice.bench.nexmark;

import java.io.Serializable;

/**
 * The knobs of the NEXMark queries, named after the properties of Jet's NEXMark port
 * ({@code nexmark-jet.properties}: events-per-second, num-distinct-keys, window-size-millis,
 * sliding-step-millis).
 *
 * @param events          how many events the query's main stream has (bids, or auctions for Q3);
 *                        the other streams of a query cover the same span of event time
 * @param eventsPerSecond events per second of event time of the main stream (Jet: 1,000,000)
 * @param numDistinctKeys distinct keys (auctions, sellers, persons; Jet: 10,000)
 * @param windowSize      window size in ms (Jet: 10,000; here 1,000 so a run of a few seconds of
 *                        event time closes many windows)
 * @param slide           sliding step in ms (Jet: 10; here 100)
 * @param seed            mixed into every random choice of the generator
 */
public record NexmarkParams(long events, long eventsPerSecond, int numDistinctKeys, long windowSize, long slide, long seed)
        implements Serializable {

    /** The defaults used by {@code bench/run nexmark}, with {@code events} main-stream events. */
    public static NexmarkParams defaults(long events) {
        return new NexmarkParams(events, 1_000_000, 10_000, 1_000, 100, 42);
    }

    public NexmarkParams {
        if (events < 1 || eventsPerSecond < 1 || numDistinctKeys < 1 || windowSize < 1 || slide < 1) {
            throw new IllegalArgumentException("events, eventsPerSecond, numDistinctKeys, windowSize and slide must be "
                    + "positive, but got " + events + ", " + eventsPerSecond + ", " + numDistinctKeys + ", " + windowSize
                    + ", " + slide);
        }
        if (windowSize % slide != 0) {
            throw new IllegalArgumentException("windowSize must be a multiple of slide, but " + windowSize + " % "
                    + slide + " = " + windowSize % slide);
        }
    }

    /** A deterministic number in {@code [0, range)} for sequence number {@code seq} (Jet's {@code getRandom}). */
    public long random(long seq, long range) {
        return Math.floorMod(mix(seq ^ seed), range);
    }

    /** SplitMix64 finaliser: a well-spread hash of a long. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
