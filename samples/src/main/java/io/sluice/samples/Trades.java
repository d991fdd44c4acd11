package io.sluice.samples;

import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.test.TestSources;

import java.io.Serializable;
import java.util.List;

/**
 * A generated, out-of-order stream of trades for the streaming samples: symbols drawn with a skew
 * (the first symbols trade most), and each trade's event time up to {@code maxDisorderMillis}
 * earlier than the moment it is emitted, so trades arrive out of order.
 */
public final class Trades {
    /** The symbols traded, most active first. */
    public static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "AMZN", "GOOG", "META", "TSLA", "ORCL");

    private Trades() {
    }

    /**
     * A trade.
     *
     * @param symbol    the ticker
     * @param price     price in cents
     * @param quantity  number of shares
     * @param timestamp event time in milliseconds
     */
    public record Trade(String symbol, long price, long quantity, long timestamp) implements Serializable {
    }

    /** An endless stream of {@code tradesPerSecond} trades, up to {@code maxDisorderMillis} out of order. */
    public static StreamSource<Trade> stream(long tradesPerSecond, long maxDisorderMillis) {
        return TestSources.itemStream(tradesPerSecond, (timestamp, sequence) -> trade(sequence, timestamp, maxDisorderMillis));
    }

    /** The trade with sequence number {@code sequence}, emitted at {@code emitMillis}. */
    public static Trade trade(long sequence, long emitMillis, long maxDisorderMillis) {
        long h = mix(sequence);
        // skew: symbol k is chosen with weight ~ 1/(k+1)
        int k = (int) Math.floorMod(h, 36);
        int symbol = k < 8 ? 0 : k < 16 ? 1 : k < 22 ? 2 : k < 27 ? 3 : k < 30 ? 4 : k < 32 ? 5 : k < 34 ? 6 : 7;
        long disorder = maxDisorderMillis == 0 ? 0 : Math.floorMod(h >>> 8, maxDisorderMillis + 1);
        long quantity = 1 + Math.floorMod(h >>> 20, 100);
        long price = 10_000 + Math.floorMod(h >>> 32, 5_000);
        return new Trade(SYMBOLS.get(symbol), price, quantity, emitMillis - disorder);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
