package io.sluice.bench.q5;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Q5 bid stream as a Sluice source: {@code runners} runners, runner {@code r} emitting events
 * {@code r, r + runners, ...} of a {@link BidGenerator} with their native timestamps, as fast as
 * possible or paced to a total rate; the stream ends after {@code totalEvents}.
 *
 * <p>For the latency benchmark each runner records, per window end {@code E} (a multiple of the
 * slide), the wall-clock time at which its watermark ({@code max timestamp - allowedLag}) first
 * reached {@code E}; the window closes when every runner has passed it (watermarks are coalesced
 * by minimum), so {@link #closeNanos(long)} is the latest of the runners' times.
 *
 * <p>Replayable: a runner saves its offset (the next event number) in snapshots and goes on from
 * it after a restore (at the same parallelism), paced from there.
 */
public final class BidSource {
    private static final Map<Long, long[]> CLOSES = new ConcurrentHashMap<>();
    private static volatile int runnerCount = 1;

    private BidSource() {
    }

    /**
     * @param generator    the events
     * @param totalEvents  events to emit in total (then the source ends)
     * @param eventsPerSec total wall-clock rate, or 0 for as fast as possible
     * @param runners      parallel runners
     * @param slide        window slide (for close-time recording)
     * @param allowedLag   the lag the job's watermarks use
     */
    public static StreamSource<Bid> create(BidGenerator generator, long totalEvents, long eventsPerSec, int runners,
                                           long slide, long allowedLag) {
        CLOSES.clear();
        runnerCount = runners;
        return SourceBuilder.timestampedStream("bids", ctx -> new Runner(ctx, generator, totalEvents, eventsPerSec, slide, allowedLag))
                .<Bid>fillBufferFn(Runner::fill)
                .createSnapshotFn(Runner::offset)
                .restoreSnapshotFn(Runner::restore)
                .distributed(runners)
                .batchSize(1024)
                .build();
    }

    /** Wall-clock nanos at which window {@code end} closed at every runner, or -1 if not yet. */
    public static long closeNanos(long end) {
        long[] perRunner = CLOSES.get(end);
        if (perRunner == null) {
            return -1;
        }
        long max = 0;
        synchronized (perRunner) {
            for (long t : perRunner) {
                if (t == 0) {
                    return -1;
                }
                max = Math.max(max, t);
            }
        }
        return max;
    }

    private static void recordClose(long end, int runner, long nanos) {
        long[] perRunner = CLOSES.computeIfAbsent(end, k -> new long[runnerCount]);
        synchronized (perRunner) {
            if (perRunner[runner] == 0) {
                perRunner[runner] = nanos;
            }
        }
    }

    /** One runner's state. */
    static final class Runner implements Serializable {
        private final BidGenerator generator;
        private final long totalEvents;
        private final long eventsPerSec;
        private final long slide;
        private final long allowedLag;
        private final int runner;
        private final int runners;
        private long startNanos = System.nanoTime();
        private long next;
        private long maxTimestamp = Long.MIN_VALUE;
        private long nextClose = Long.MIN_VALUE;

        Runner(ProcessorContext ctx, BidGenerator generator, long totalEvents, long eventsPerSec, long slide, long allowedLag) {
            this.generator = generator;
            this.totalEvents = totalEvents;
            this.eventsPerSec = eventsPerSec;
            this.slide = slide;
            this.allowedLag = allowedLag;
            this.runner = ctx.globalIndex();
            this.runners = ctx.totalParallelism();
            this.next = runner;
        }

        long offset() {
            return next;
        }

        void restore(java.util.List<Long> saved) {
            if (saved.size() > 1) {
                throw new IllegalStateException("the bid source was restored at a lower parallelism (" + saved.size()
                        + " offsets for one runner): restore it with the parallelism it was saved with");
            }
            next = saved.isEmpty() ? totalEvents : saved.get(0); // no offset: the saved runners cover every event
            if (eventsPerSec > 0) {
                startNanos = System.nanoTime() - next * 1_000_000_000L / eventsPerSec; // paced on from here
            }
        }

        void fill(TimestampedSourceBuffer<Bid> buf) {
            long limit = totalEvents;
            if (eventsPerSec > 0) {
                long due = (System.nanoTime() - startNanos) * eventsPerSec / 1_000_000_000L + 1;
                limit = Math.min(limit, due);
            }
            int added = 0;
            while (next < limit && added < 1024) {
                Bid bid = generator.bid(next);
                buf.add(bid, bid.timestamp());
                if (bid.timestamp() > maxTimestamp) {
                    maxTimestamp = bid.timestamp();
                }
                next += runners;
                added++;
            }
            if (added > 0 && eventsPerSec > 0) {
                long wm = maxTimestamp - allowedLag;
                if (nextClose == Long.MIN_VALUE) {
                    nextClose = Math.floorDiv(wm, slide) * slide + slide;
                }
                long now = System.nanoTime();
                while (nextClose <= wm) {
                    recordClose(nextClose, runner, now);
                    nextClose += slide;
                }
            }
            if (next >= totalEvents) {
                buf.close();
            }
        }
    }
}
