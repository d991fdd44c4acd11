package io.sluice.samples;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Ad clicks: a stream of ad impressions joined with a stream of clicks, where a click counts for
 * its impression only within 10 s of event time after it (a left outer interval join), and the
 * click-through rate per campaign per minute of the impressions (tumbling one-minute windows).
 *
 * <pre>{@code
 * StreamStage<Impression> impressions = p.readFrom(impressionSource).withNativeTimestamps(IMPRESSION_LAG);
 * StreamStage<Click> clicks = p.readFrom(clickSource).withNativeTimestamps(CLICK_LAG);
 * impressions.groupingKey(Impression::id)
 *            .leftOuterIntervalJoin(clicks.groupingKey(Click::impressionId), 0, 10_000,
 *                                   (impression, click) -> new Outcome(impression.campaign(), click != null))
 *            .groupingKey(Outcome::campaign)
 *            .window(WindowDefinition.tumbling(60_000))
 *            .aggregate(AggregateOperations.allOf(counting(), summingLong(o -> o.clicked() ? 1 : 0)))
 * }</pre>
 *
 * <p>The events are generated from a seed: impression {@code i} and its click (if any) are a pure
 * function of {@code (seed, i)}, with event times {@code i / rate} seconds apart plus jitter, so
 * the output is the same for a seed whatever the parallelism, batch size or timing. Each
 * impression gets at most one click, after a delay of up to {@link #MAX_CLICK_DELAY} (so some
 * come too late to count); the click sources emit clicks in impression order, out of order by up
 * to that delay.
 */
public final class AdClicks {
    /** The campaigns and the chance that an impression of each is clicked. */
    public static final List<String> CAMPAIGNS = List.of("spring-sale", "new-phone", "travel", "insurance", "games");
    private static final double[] CLICK_CHANCE = {0.03, 0.06, 0.045, 0.015, 0.08};
    /** A click counts if it comes at most this long after its impression. */
    public static final long CLICK_WINDOW = 10_000;
    /** The longest delay of a generated click (clicks after {@link #CLICK_WINDOW} do not count). */
    public static final long MAX_CLICK_DELAY = 15_000;
    /** The jitter of an impression's event time, so impressions come out of order too. */
    static final long JITTER = 500;
    /** Allowed lags: the largest disorder of each stream, so no event is late. */
    public static final long IMPRESSION_LAG = JITTER;
    public static final long CLICK_LAG = MAX_CLICK_DELAY + JITTER;

    private AdClicks() {
    }

    /** An ad shown to a user. */
    public record Impression(long id, String campaign, int adId, int user, long timestamp) implements Serializable {
    }

    /** A user's click on the impression {@code impressionId}. */
    public record Click(long impressionId, int user, long timestamp) implements Serializable {
    }

    /** What became of an impression: clicked within the click window, or not. */
    public record Outcome(String campaign, boolean clicked) implements Serializable {
    }

    /** One result line: a campaign's impressions and counted clicks in the minute starting at {@code minuteStart}. */
    public record CampaignMinute(long minuteStart, String campaign, long impressions, long clicks)
            implements Serializable, Comparable<CampaignMinute> {

        /** Clicks per impression, in percent. */
        public double ctrPercent() {
            return impressions == 0 ? 0 : 100.0 * clicks / impressions;
        }

        @Override
        public int compareTo(CampaignMinute o) {
            int c = Long.compare(minuteStart, o.minuteStart);
            return c != 0 ? c : campaign.compareTo(o.campaign);
        }

        @Override
        public String toString() {
            long minute = minuteStart / 60_000;
            return String.format(java.util.Locale.ROOT, "minute %02d:%02d  %-12s impressions %6d  clicks %5d  ctr %5.2f%%",
                    minute / 60, minute % 60, campaign, impressions, clicks, ctrPercent());
        }
    }

    // ------------------------------------------------------------------------------------- the pipeline

    /**
     * The job: {@code count} impressions at {@code rate} per second of event time, with their clicks.
     *
     * @param sink receives one {@link CampaignMinute} per campaign and minute
     */
    public static Pipeline pipeline(long seed, long count, long rate, Sink<? super CampaignMinute> sink) {
        Pipeline p = Pipeline.create();
        StreamStage<Impression> impressions = p.readFrom(impressions(seed, count, rate)).withNativeTimestamps(IMPRESSION_LAG);
        StreamStage<Click> clicks = p.readFrom(clicks(seed, count, rate)).withNativeTimestamps(CLICK_LAG);
        impressions.groupingKey(Impression::id)
                   .leftOuterIntervalJoin(clicks.groupingKey(Click::impressionId), 0, CLICK_WINDOW,
                           (impression, click) -> new Outcome(impression.campaign(), click != null))
                   .groupingKey(Outcome::campaign)
                   .window(WindowDefinition.tumbling(60_000))
                   .aggregate(AggregateOperations.allOf(AggregateOperations.counting(),
                           AggregateOperations.<Outcome>summingLong(o -> o.clicked() ? 1 : 0)))
                   .map(AdClicks::toCampaignMinute)
                   .writeTo(sink);
        return p;
    }

    private static CampaignMinute toCampaignMinute(KeyedWindowResult<String, Tuple2<Long, Long>> r) {
        return new CampaignMinute(r.start(), r.key(), r.result().f0(), r.result().f1());
    }

    /**
     * The impressions as a finite stream, in id order (two runners, each every other id). Replayable:
     * each runner saves its offset (the next id) in snapshots and goes on from it after a restart.
     */
    public static StreamSource<Impression> impressions(long seed, long count, long rate) {
        checkArgs(count, rate);
        return SourceBuilder.timestampedStream("impressions", ctx -> SequenceShares.of(ctx, count))
                .<Impression>fillBufferFn((ids, buf) -> {
                    for (int n = 0; n < 256 && !ids.done(); n++) {
                        Impression imp = impression(seed, ids.next(), rate);
                        buf.add(imp, imp.timestamp());
                    }
                    if (ids.done()) {
                        buf.close();
                    }
                })
                .createSnapshotFn(SequenceShares::snapshot)
                .restoreSnapshotFn(SequenceShares::restore)
                .distributed(2)
                .build();
    }

    /** The clicks as a finite stream, in the order of their impressions' ids; replayable as {@link #impressions}. */
    public static StreamSource<Click> clicks(long seed, long count, long rate) {
        checkArgs(count, rate);
        return SourceBuilder.timestampedStream("clicks", ctx -> SequenceShares.of(ctx, count))
                .<Click>fillBufferFn((ids, buf) -> {
                    for (int n = 0; n < 256 && !ids.done(); ) {
                        Click click = click(seed, ids.next(), rate);
                        if (click != null) {
                            buf.add(click, click.timestamp());
                            n++;
                        }
                    }
                    if (ids.done()) {
                        buf.close();
                    }
                })
                .createSnapshotFn(SequenceShares::snapshot)
                .restoreSnapshotFn(SequenceShares::restore)
                .distributed(2)
                .build();
    }

    private static void checkArgs(long count, long rate) {
        if (count < 0) {
            throw new IllegalArgumentException("the number of impressions must not be negative, but was " + count);
        }
        if (rate < 1) {
            throw new IllegalArgumentException("the rate must be at least 1 impression per second, but was " + rate);
        }
    }

    // ------------------------------------------------------------------------------------- the generator

    private static SplittableRandom random(long seed, long i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    }

    /** Impression {@code i}: a pure function of {@code (seed, i)}. */
    public static Impression impression(long seed, long i, long rate) {
        SplittableRandom r = random(seed, i);
        int campaign = r.nextInt(CAMPAIGNS.size());
        int adId = campaign * 100 + r.nextInt(20);
        int user = r.nextInt(100_000);
        long ts = i * 1000 / rate + r.nextLong(JITTER + 1);
        return new Impression(i, CAMPAIGNS.get(campaign), adId, user, ts);
    }

    /** The click on impression {@code i}, or {@code null}: a pure function of {@code (seed, i)}. */
    public static Click click(long seed, long i, long rate) {
        Impression imp = impression(seed, i, rate);
        SplittableRandom r = random(~seed, i);
        int campaign = CAMPAIGNS.indexOf(imp.campaign());
        if (r.nextDouble() >= CLICK_CHANCE[campaign]) {
            return null;
        }
        return new Click(i, imp.user(), imp.timestamp() + r.nextLong(MAX_CLICK_DELAY + 1));
    }

    /** The same result in plain Java, from the generator (for tests): sorted by minute, then campaign. */
    public static List<CampaignMinute> reference(long seed, long count, long rate) {
        Map<Long, Map<String, long[]>> perMinute = new TreeMap<>();
        for (long i = 0; i < count; i++) {
            Impression imp = impression(seed, i, rate);
            Click click = click(seed, i, rate);
            long minute = Math.floorDiv(imp.timestamp(), 60_000) * 60_000;
            long[] c = perMinute.computeIfAbsent(minute, m -> new TreeMap<>()).computeIfAbsent(imp.campaign(), k -> new long[2]);
            c[0]++;
            if (click != null && click.timestamp() - imp.timestamp() <= CLICK_WINDOW) {
                c[1]++;
            }
        }
        List<CampaignMinute> out = new ArrayList<>();
        perMinute.forEach((minute, campaigns) -> campaigns.forEach(
                (campaign, c) -> out.add(new CampaignMinute(minute, campaign, c[0], c[1]))));
        return out;
    }
}
