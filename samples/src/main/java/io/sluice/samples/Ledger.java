package io.sluice.samples;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.WindowDefinition;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A ledger: a deterministic, replayable stream of money transfers between accounts, with two
 * outputs that must come out the same after any number of restarts from snapshots:
 * <ul>
 *   <li><b>totals</b>: per event-time second, the number of transfers and the amount moved
 *       (a tumbling window over the whole stream);</li>
 *   <li><b>balances</b>: per account, its balance as of the end of each event-time second in
 *       which it had a transfer (a per-account tumbling-window sum, then a running balance per
 *       account with {@code mapStateful}). Balances as of the end of a second, not after each
 *       transfer, because the order of transfers across source runners is not fixed, while the
 *       windows are.</li>
 * </ul>
 *
 * <pre>{@code
 * StreamStage<Transfer> transfers = p.readFrom(Ledger.transfers(seed, count, rate)).withNativeTimestamps(0);
 * transfers.window(WindowDefinition.tumbling(1000))
 *          .aggregate(allOf(counting(), summingLong(Transfer::amount)))          // totals per second
 * transfers.flatMap(t -> traverseItems(new Posting(t.from(), -t.amount()), new Posting(t.to(), t.amount())))
 *          .groupingKey(Posting::account)
 *          .window(WindowDefinition.tumbling(1000))
 *          .aggregate(summingLong(Posting::delta))                                // net change per account and second
 *          .groupingKey(KeyedWindowResult::key)
 *          .mapStateful(() -> new long[1], (balance, account, change) -> ...)     // running balance
 * }</pre>
 *
 * <p>Transfer {@code i} is a pure function of {@code (seed, i)}; its event time is
 * {@code i * 1000 / rate} ms. The source has two runners; each saves its offset (the next sequence
 * number) in snapshots and goes on from it after a restart. It emits at {@code rate} transfers per
 * second of wall-clock time and ends after {@code count}, so the job ends and every window is
 * flushed.
 */
public final class Ledger {
    /** The number of accounts transfers are drawn between. */
    public static final int ACCOUNTS = 1_000;
    /** Event-time window of both outputs. */
    public static final long SECOND = 1_000;

    private Ledger() {
    }

    /**
     * A transfer of {@code amount} cents from one account to another.
     *
     * @param seq       its sequence number
     * @param from      the account debited
     * @param to        the account credited
     * @param amount    cents, positive
     * @param timestamp event time, ms
     */
    public record Transfer(long seq, int from, int to, long amount, long timestamp) implements Serializable {
    }

    /** One side of a transfer: a change of an account's balance. */
    public record Posting(int account, long delta) implements Serializable {
    }

    /** Transfer {@code i}: a pure function of {@code (seed, i)}. */
    public static Transfer transfer(long seed, long i, long rate) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        int from = r.nextInt(ACCOUNTS);
        int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        long amount = 1 + r.nextLong(100_000);
        return new Transfer(i, from, to, amount, i * SECOND / rate);
    }

    /** The job: totals under {@code totalsSink}, balances under {@code balancesSink}, as the lines {@link #reference} returns. */
    public static Pipeline pipeline(long seed, long count, long rate, Sink<? super String> totalsSink,
                                    Sink<? super String> balancesSink) {
        Pipeline p = Pipeline.create();
        StreamStage<Transfer> transfers = p.readFrom(transfers(seed, count, rate)).withNativeTimestamps(0);
        transfers.window(WindowDefinition.tumbling(SECOND))
                 .aggregate(AggregateOperations.allOf(AggregateOperations.counting(),
                         AggregateOperations.<Transfer>summingLong(Transfer::amount)))
                 .map(Ledger::totalLine)
                 .writeTo(totalsSink);
        transfers.flatMap(t -> Traversers.traverseItems(new Posting(t.from(), -t.amount()), new Posting(t.to(), t.amount())))
                 .groupingKey(Posting::account)
                 .window(WindowDefinition.tumbling(SECOND))
                 .aggregate(AggregateOperations.summingLong(Posting::delta))
                 .groupingKey(KeyedWindowResult::key)
                 .mapStateful(() -> new long[1], (long[] balance, Integer account, KeyedWindowResult<Integer, Long> change) -> {
                     balance[0] += change.result();
                     return balanceLine(change.end(), account, balance[0]);
                 })
                 .writeTo(balancesSink);
        return p;
    }

    private static String totalLine(WindowResult<Tuple2<Long, Long>> r) {
        return totalLine(r.end(), r.result().f0(), r.result().f1());
    }

    static String totalLine(long windowEnd, long transfers, long amount) {
        return String.format(Locale.ROOT, "second=%06d transfers=%d amount=%d", windowEnd / SECOND, transfers, amount);
    }

    static String balanceLine(long windowEnd, int account, long balance) {
        return String.format(Locale.ROOT, "second=%06d account=%04d balance=%d", windowEnd / SECOND, account, balance);
    }

    /**
     * The transfers as a finite stream with native timestamps: two runners, each every other
     * sequence number, paced to {@code rate} per second in total; replayable from the saved offsets.
     */
    public static StreamSource<Transfer> transfers(long seed, long count, long rate) {
        if (count < 0) {
            throw new IllegalArgumentException("the number of transfers must not be negative, but was " + count);
        }
        if (rate < 1) {
            throw new IllegalArgumentException("the rate must be at least 1 transfer per second, but was " + rate);
        }
        return SourceBuilder.timestampedStream("transfers", ctx -> new Runner(ctx, count, rate))
                .<Transfer>fillBufferFn((runner, buf) -> runner.fill(buf, seed))
                .createSnapshotFn(runner -> runner.sequence.snapshot())
                .restoreSnapshotFn(Runner::restore)
                .distributed(2)
                .build();
    }

    /** A runner of the transfer source: its share of the sequence numbers, paced by the wall clock. */
    static final class Runner {
        final SequenceShares sequence;
        private final long rate;
        private long startNanos = System.nanoTime();

        Runner(ProcessorContext ctx, long count, long rate) {
            this.sequence = SequenceShares.of(ctx, count);
            this.rate = rate;
        }

        void fill(TimestampedSourceBuffer<Transfer> buf, long seed) {
            long due = (System.nanoTime() - startNanos) / 1_000 * rate / 1_000_000; // sequence numbers due by now
            for (int n = 0; n < 1024 && !sequence.done() && sequence.peek() <= due; n++) {
                Transfer t = transfer(seed, sequence.next(), rate);
                buf.add(t, t.timestamp());
            }
            if (sequence.done()) {
                buf.close();
            }
        }

        void restore(List<long[]> saved) {
            sequence.restore(saved);
            long next = sequence.peek();
            if (next != Long.MAX_VALUE) {
                startNanos = System.nanoTime() - next * 1_000_000 / rate * 1_000; // paced on from the offset
            }
        }
    }

    /**
     * The output in plain Java, from the generator (for tests): the totals lines and the balances
     * lines, each sorted.
     */
    public static Map.Entry<List<String>, List<String>> reference(long seed, long count, long rate) {
        TreeMap<Long, long[]> totals = new TreeMap<>();
        TreeMap<Long, TreeMap<Integer, Long>> changes = new TreeMap<>();
        for (long i = 0; i < count; i++) {
            Transfer t = transfer(seed, i, rate);
            long end = Math.floorDiv(t.timestamp(), SECOND) * SECOND + SECOND;
            long[] total = totals.computeIfAbsent(end, e -> new long[2]);
            total[0]++;
            total[1] += t.amount();
            TreeMap<Integer, Long> perAccount = changes.computeIfAbsent(end, e -> new TreeMap<>());
            perAccount.merge(t.from(), -t.amount(), Long::sum);
            perAccount.merge(t.to(), t.amount(), Long::sum);
        }
        List<String> totalLines = new ArrayList<>();
        totals.forEach((end, t) -> totalLines.add(totalLine(end, t[0], t[1])));
        List<String> balanceLines = new ArrayList<>();
        long[] balances = new long[ACCOUNTS];
        changes.forEach((end, perAccount) -> perAccount.forEach((account, delta) -> {
            balances[account] += delta;
            balanceLines.add(balanceLine(end, account, balances[account]));
        }));
        totalLines.sort(null);
        balanceLines.sort(null);
        return Map.entry(totalLines, balanceLines);
    }
}
