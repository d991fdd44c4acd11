package io.sluice.engine.pipeline.test;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.impl.pipeline.StreamSourceImpl;
import io.sluice.engine.impl.processor.SourceRunner;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * In-memory sources for tests: batch sources of given items, an endless {@link #itemStream} and
 * a replayable, finite {@link #timestampedList} stream. The items travel with the pipeline, so they must be
 * serializable (checked here).
 *
 * <pre>{@code
 * p.readFrom(TestSources.items("a", "b", "c")).map(String::toUpperCase).writeTo(sink);
 * }</pre>
 */
public final class TestSources {
    private TestSources() {
    }

    /** A source emitting the given items in order, from a single instance. */
    @SafeVarargs
    public static <T> BatchSource<T> items(T... items) {
        Objects.requireNonNull(items, "items must not be null");
        List<T> list = new ArrayList<>(items.length);
        for (T item : items) {
            list.add(item);
        }
        return items(list);
    }

    /** A source emitting the list's items in order, from a single instance. */
    public static <T> BatchSource<T> items(List<? extends T> items) {
        ArrayList<Object> copy = checkedCopy(items);
        return new SourceImpl<>("items", ctx -> new ListSourceP(copy, ctx.globalIndex() == 0 ? 0 : copy.size(), 1), 1, false);
    }

    /**
     * A source of {@code parallelism} instances per node: instance {@code i} of {@code n} in the
     * whole job emits the items at indexes {@code i, i + n, i + 2n, ...}.
     *
     * @param parallelism instances per node, or -1 for one per core
     */
    public static <T> BatchSource<T> itemsDistributed(List<? extends T> items, int parallelism) {
        if (parallelism == 0 || parallelism < -1) {
            throw new IllegalArgumentException("parallelism must be positive or -1, but was " + parallelism);
        }
        ArrayList<Object> copy = checkedCopy(items);
        return new SourceImpl<>("items", ctx -> new ListSourceP(copy, ctx.globalIndex(), ctx.totalParallelism()),
                parallelism, false);
    }

    /**
     * An endless stream of {@code itemsPerSecond} items in total, spread over one runner per core:
     * item {@code seq} is scheduled at {@code start + seq * 1000 / itemsPerSecond} ms and made by
     * {@code generatorFn(scheduledTime, seq)}; the scheduled time is its native timestamp. A runner
     * that falls behind catches up in batches (no items are skipped). The job runs until cancelled.
     * Each runner saves its offset (the next sequence number, and the start time) in snapshots; a
     * restored runner goes on from there, catching up, so an item's content and timestamp depend
     * only on its sequence number and the first start.
     * <pre>{@code
     * p.readFrom(TestSources.itemStream(10_000, (ts, seq) -> seq)).withNativeTimestamps(0)
     * }</pre>
     *
     * @param itemsPerSecond the total rate; positive
     * @param generatorFn    stateless, serializable item factory
     */
    public static <T> StreamSource<T> itemStream(long itemsPerSecond, GeneratorFunction<? extends T> generatorFn) {
        if (itemsPerSecond <= 0) {
            throw new IllegalArgumentException("itemsPerSecond must be positive, but was " + itemsPerSecond);
        }
        Util.checkSerializable(generatorFn, "generatorFn");
        return new StreamSourceImpl<>("itemStream", ctx -> new ItemStreamRunner(ctx, itemsPerSecond, generatorFn),
                -1, 0, -1, StreamSourceImpl.DEFAULT_RUNNER_IDLE_MILLIS, true);
    }

    /**
     * A replayable, finite stream for deterministic tests: the list is split round-robin over the
     * runners (item {@code i} goes to runner {@code i % totalRunners}), each runner emits its share
     * in list order with the items' timestamps as native timestamps, and then the stream ENDS, so a
     * job completes and every window is flushed. Use {@code withNativeTimestamps(allowedLag)}.
     * Each runner saves its position in snapshots.
     * <pre>{@code
     * List<TimestampedItem<String>> events = List.of(new TimestampedItem<>(10, "a"), new TimestampedItem<>(5, "b"));
     * p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(10)
     * }</pre>
     *
     * @param items   the items with their event timestamps; serializable
     * @param runners runners per node (positive), or -1 for one per core
     */
    public static <T> StreamSource<T> timestampedList(List<TimestampedItem<T>> items, int runners) {
        if (runners == 0 || runners < -1) {
            throw new IllegalArgumentException("runners must be positive or -1 (one per core), but was " + runners);
        }
        ArrayList<Object> copy = checkedCopy(items);
        return new StreamSourceImpl<>("timestampedList", ctx -> new TimestampedListRunner(copy, ctx),
                runners, 0, -1, StreamSourceImpl.DEFAULT_RUNNER_IDLE_MILLIS, true);
    }

    /** The snapshot key of a runner share of {@link #itemStream}: state of the source instance, not of a key partition. */
    private record ItemShareKey(int runner) implements SnapshotKeys.Local, java.io.Serializable {
    }

    /**
     * Emits the items due by now of this runner's share of the sequence. Snapshot state per share
     * (key: the runner's index): {@code {next sequence, step, start millis}}; restored into any
     * instance, which then emits that share's rest (several shares at a lower parallelism, none at
     * a higher one).
     */
    private static final class ItemStreamRunner implements SourceRunner {
        private final GeneratorFunction<?> generatorFn;
        private final double nanosPerItem;
        private final int batchSize;
        private long step;
        /** Runner share -> {next sequence number, start millis, start nanos} (each share keeps its first start). */
        private final java.util.TreeMap<Integer, long[]> shares = new java.util.TreeMap<>();
        private boolean restored;

        ItemStreamRunner(ProcessorContext ctx, long itemsPerSecond, GeneratorFunction<?> generatorFn) {
            this.generatorFn = generatorFn;
            this.step = ctx.totalParallelism();
            this.nanosPerItem = 1e9 / itemsPerSecond;
            this.batchSize = Math.max(1, ctx.batchSize());
            shares.put(ctx.globalIndex(), new long[] {ctx.globalIndex(), System.currentTimeMillis(), System.nanoTime()});
        }

        @Override
        public void fill(TimestampedSourceBuffer<Object> buffer) throws Exception {
            long now = System.nanoTime();
            int n = 0;
            for (long[] share : shares.values()) {
                long dueSeq = (long) ((now - share[2]) / nanosPerItem);
                long next = share[0];
                for (; n < batchSize && next <= dueSeq; n++, next += step) {
                    long scheduledMillis = share[1] + (long) (next * nanosPerItem / 1e6);
                    buffer.add(generatorFn.generate(scheduledMillis, next), scheduledMillis);
                }
                share[0] = next;
            }
        }

        @Override
        public boolean saveToSnapshot(SnapshotOutbox snapshot) {
            for (Map.Entry<Integer, long[]> e : shares.entrySet()) {
                snapshot.save(new ItemShareKey(e.getKey()), new long[] {e.getValue()[0], step, e.getValue()[1]});
            }
            return true;
        }

        @Override
        public void restoreFromSnapshot(Object key, Object value) {
            if (key instanceof ItemShareKey k) {
                if (!restored) {
                    restored = true;
                    shares.clear();
                }
                long[] position = (long[]) value;
                step = position[1];
                // the clock of the share's first start: items due since then are emitted at once, catching up
                long startNanos = System.nanoTime() - (System.currentTimeMillis() - position[2]) * 1_000_000L;
                shares.put(k.runner(), new long[] {position[0], position[2], startNanos});
            }
        }

        @Override
        public void finishSnapshotRestore() {
            if (!restored) {
                shares.clear(); // this instance got no share: the restored ones cover the sequence
            }
        }
    }

    /**
     * Emits runner shares of a list. Snapshot state: per runner share (key: the runner's index, a
     * {@link io.sluice.engine.core.SnapshotKeys.Local} key),
     * the next position; restored into any instance, which then emits that share's rest, so a
     * restore at another parallelism neither loses nor repeats items.
     */
    private static final class TimestampedListRunner implements SourceRunner {
        private final List<Object> items;
        /** The shares this instance emits: runner index -> next list index (stepping by {@link #step}). */
        private final java.util.TreeMap<Integer, Integer> shares = new java.util.TreeMap<>();
        private int step;
        private boolean restored;

        TimestampedListRunner(List<Object> items, ProcessorContext ctx) {
            this.items = items;
            this.step = ctx.totalParallelism();
            shares.put(ctx.globalIndex(), ctx.globalIndex());
        }

        @Override
        public void fill(TimestampedSourceBuffer<Object> buffer) {
            Map.Entry<Integer, Integer> share = shares.firstEntry();
            if (share == null) {
                buffer.close();
                return;
            }
            int next = share.getValue();
            for (int n = 0; n < 1024 && next < items.size(); n++, next += step) {
                TimestampedItem<?> ti = (TimestampedItem<?>) items.get(next);
                buffer.add(ti.item(), ti.timestamp());
            }
            if (next < items.size()) {
                shares.put(share.getKey(), next);
            } else {
                shares.remove(share.getKey());
                if (shares.isEmpty()) {
                    buffer.close();
                }
            }
        }

        @Override
        public boolean saveToSnapshot(SnapshotOutbox snapshot) {
            for (Map.Entry<Integer, Integer> e : shares.entrySet()) {
                snapshot.save(new ShareKey(e.getKey()), new int[] {e.getValue(), step});
            }
            return true;
        }

        @Override
        public void restoreFromSnapshot(Object key, Object value) {
            if (!restored) {
                restored = true;
                shares.clear();
            }
            int[] position = (int[]) value;
            shares.put(((ShareKey) key).runner(), position[0]);
            step = position[1];
        }

        @Override
        public void finishSnapshotRestore() {
            if (!restored) {
                shares.clear(); // a restore gave this instance no share: its own was restored elsewhere
            }
        }
    }

    /** The snapshot key of one runner's share of a list: state of the source instance, not of a key partition. */
    private record ShareKey(int runner) implements java.io.Serializable, io.sluice.engine.core.SnapshotKeys.Local {
    }

    private static ArrayList<Object> checkedCopy(List<?> items) {
        Objects.requireNonNull(items, "items must not be null");
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof TimestampedItem<?> ti && ti.item() == null) {
                throw new IllegalArgumentException("items must not contain null, but the TimestampedItem at " + i
                        + " has a null item");
            }
        }
        return checkedCopyOfItems(items);
    }

    private static ArrayList<Object> checkedCopyOfItems(List<?> items) {
        Objects.requireNonNull(items, "items must not be null");
        ArrayList<Object> copy = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = Objects.requireNonNull(items.get(i), "items must not contain null, but item " + i + " is null");
            if (!(item instanceof java.io.Serializable)) {
                throw new IllegalArgumentException("items travel with the pipeline and must be Serializable, but item " + i
                        + " is a " + item.getClass().getName());
            }
            copy.add(item);
        }
        return Util.checkSerializable(copy, "items");
    }

    /** Emits items {@code start, start + step, ...} of a list, pacing itself by the outbox. */
    private static final class ListSourceP implements Processor {
        private final List<Object> items;
        private final int step;
        private int next;
        private Outbox outbox;

        ListSourceP(List<Object> items, int start, int step) {
            this.items = items;
            this.next = start;
            this.step = step;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            throw new UnsupportedOperationException("a source has no inputs");
        }

        @Override
        public boolean complete() {
            while (next < items.size()) {
                if (outbox.hasReachedLimit()) {
                    return false;
                }
                outbox.add(items.get(next));
                next += step;
            }
            return true;
        }
    }
}
