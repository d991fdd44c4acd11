package io.sluice.samples;

import io.sluice.engine.core.ProcessorContext;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequence numbers {@code 0 .. count-1} of a generated stream, dealt out to the runners of a
 * {@code SourceBuilder} source: runner {@code r} of {@code n} emits {@code r, r + n, r + 2n, ...}.
 * Used as (part of) a runner's state, it makes the source replayable from an offset: the offset is
 * the next sequence number of each share, and the content of an event is a pure function of its
 * sequence number.
 *
 * <pre>{@code
 * SourceBuilder.timestampedStream("events", ctx -> SequenceShares.of(ctx, count))
 *     .<Event>fillBufferFn((seq, buf) -> {
 *         for (int i = 0; i < 256 && !seq.done(); i++) {
 *             Event e = event(seq.next());
 *             buf.add(e, e.timestamp());
 *         }
 *         if (seq.done()) {
 *             buf.close();
 *         }
 *     })
 *     .createSnapshotFn(SequenceShares::snapshot)
 *     .restoreSnapshotFn(SequenceShares::restore)
 *     .build();
 * }</pre>
 *
 * After a restore at a lower parallelism a runner holds several shares and emits them merged in
 * sequence order (so event time keeps its order); at a higher one, a runner that got no share
 * emits nothing. Not thread-safe (one per runner).
 */
public final class SequenceShares implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long count;
    private long step;
    /** Share (the first sequence number: the runner index that owned it) -> its next sequence number. */
    private final TreeMap<Long, Long> shares = new TreeMap<>();

    private SequenceShares(long count, long step) {
        this.count = count;
        this.step = step;
    }

    /** The share of the runner {@code ctx} describes, of the sequence numbers below {@code count}. */
    public static SequenceShares of(ProcessorContext ctx, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, but was " + count);
        }
        SequenceShares s = new SequenceShares(count, ctx.totalParallelism());
        s.shares.put((long) ctx.globalIndex(), (long) ctx.globalIndex());
        return s;
    }

    /** Whether every sequence number of this runner was emitted. */
    public boolean done() {
        return shares.isEmpty() || peek() >= count;
    }

    /** The next sequence number (the lowest of the shares'), advancing past it; only when not {@link #done()}. */
    public long next() {
        Map.Entry<Long, Long> lowest = null;
        for (Map.Entry<Long, Long> e : shares.entrySet()) {
            if (lowest == null || e.getValue() < lowest.getValue()) {
                lowest = e;
            }
        }
        if (lowest == null || lowest.getValue() >= count) {
            throw new IllegalStateException("no sequence numbers left: check done() first");
        }
        long seq = lowest.getValue();
        lowest.setValue(seq + step);
        return seq;
    }

    /** The next sequence number {@link #next()} would return, or {@code Long.MAX_VALUE} if there are no shares. */
    public long peek() {
        long min = Long.MAX_VALUE;
        for (long next : shares.values()) {
            min = Math.min(min, next);
        }
        return min;
    }

    /** The offset, for {@code createSnapshotFn}: {@code {step, share, next, share, next, ...}}. */
    public long[] snapshot() {
        long[] s = new long[1 + 2 * shares.size()];
        s[0] = step;
        int i = 1;
        for (Map.Entry<Long, Long> e : shares.entrySet()) {
            s[i++] = e.getKey();
            s[i++] = e.getValue();
        }
        return s;
    }

    /** For {@code restoreSnapshotFn}: replaces this runner's shares with the restored ones (none: emits nothing). */
    public void restore(List<long[]> saved) {
        shares.clear();
        for (long[] s : saved) {
            step = s[0];
            for (int i = 1; i + 1 < s.length; i += 2) {
                shares.put(s[i], s[i + 1]);
            }
        }
    }
}
