package io.sluice.samples;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.samples.Trades.Trade;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The trade monitor: traded volume per symbol over a sliding window of the last
 * {@value #WINDOW_MILLIS} ms, updated every {@value #SLIDE_MILLIS} ms of event time, over an
 * out-of-order stream. Each window's results are emitted when the watermark (the highest event
 * time seen minus the allowed lag) passes the window's end.
 *
 * <pre>{@code
 * p.readFrom(trades)
 *  .withTimestamps(Trade::timestamp, ALLOWED_LAG_MILLIS)
 *  .groupingKey(Trade::symbol)
 *  .window(WindowDefinition.sliding(WINDOW_MILLIS, SLIDE_MILLIS))
 *  .aggregate(AggregateOperations.summingLong(Trade::quantity))
 * }</pre>
 */
public final class TradeMonitor {
    public static final long WINDOW_MILLIS = 3_000;
    public static final long SLIDE_MILLIS = 1_000;
    public static final long ALLOWED_LAG_MILLIS = 300;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private TradeMonitor() {
    }

    /** The pipeline: volume per symbol and window into {@code sink}. */
    public static Pipeline pipeline(StreamSource<Trade> trades, Sink<? super KeyedWindowResult<String, Long>> sink) {
        Pipeline p = Pipeline.create();
        p.readFrom(trades)
         .withTimestamps(Trade::timestamp, ALLOWED_LAG_MILLIS)
         .groupingKey(Trade::symbol)
         .window(WindowDefinition.sliding(WINDOW_MILLIS, SLIDE_MILLIS))
         .aggregate(AggregateOperations.summingLong(Trade::quantity))
         .writeTo(sink);
        return p;
    }

    /** One line per result: window end (UTC), symbol, volume. */
    public static String format(KeyedWindowResult<String, Long> r) {
        return String.format("%s  %-5s volume %,8d", TIME.format(Instant.ofEpochMilli(r.end())), r.key(), r.result());
    }
}
