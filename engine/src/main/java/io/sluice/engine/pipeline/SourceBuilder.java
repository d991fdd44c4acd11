package io.sluice.engine.pipeline;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.impl.pipeline.StreamSourceImpl;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.BuilderSourceP;
import io.sluice.engine.impl.processor.SourceSnapshotFns;
import io.sluice.engine.impl.util.Util;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a source from three functions: create a state object per instance, fill a buffer from
 * it (called repeatedly, a batch's worth of items at a time), destroy it.
 *
 * <pre>{@code
 * BatchSource<String> lines = SourceBuilder
 *     .batch("lines", ctx -> new BufferedReader(new FileReader("in.txt")))
 *     .<String>fillBufferFn((reader, buf) -> {
 *         for (int i = 0; i < 1024; i++) {
 *             String line = reader.readLine();
 *             if (line == null) { buf.close(); return; }
 *             buf.add(line);
 *         }
 *     })
 *     .destroyFn(BufferedReader::close)
 *     .build();
 * }</pre>
 *
 * For unbounded sources see {@link #stream} and {@link #timestampedStream}.
 *
 * <p>By default the source runs as one instance; {@link Batch#distributed(int)} runs several, each
 * given its index in {@link ProcessorContext#globalIndex()} to pick its share of the data.
 *
 * <p><b>Snapshots.</b> A job with a processing guarantee takes snapshots; to restart from one
 * after a failure, a source must save its position (an offset) and seek back to it. Give it
 * {@code createSnapshotFn} (the position of an instance's state object) and
 * {@code restoreSnapshotFn} (sets a fresh state object to the positions restored to this
 * instance), as in Jet:
 * <pre>{@code
 * StreamSource<Long> numbers = SourceBuilder
 *     .stream("numbers", ctx -> new long[] {0})                      // the next number
 *     .<Long>fillBufferFn((next, buf) -> {
 *         for (int i = 0; i < 100; i++) {
 *             buf.add(next[0]++);
 *         }
 *     })
 *     .createSnapshotFn(next -> next[0])                              // saved at each snapshot
 *     .restoreSnapshotFn((next, saved) -> next[0] = saved.get(0))     // after a restart
 *     .build();
 * }</pre>
 * The saved object is state of the instance (not of a key): it is restored to the instance with
 * the same global index ({@code restoreSnapshotFn} gets a list because, at a lower parallelism,
 * an instance gets the states of several former ones; at a higher one, a new instance gets an
 * empty list and should emit what no restored state covers, usually nothing). It is encoded by
 * the snapshot codecs (Kryo for user classes): keep it small, a few numbers or strings. A source
 * without these functions saves nothing and, after a restart, starts again from its beginning
 * ({@code createFn} makes a fresh state).
 */
public final class SourceBuilder {
    private SourceBuilder() {
    }

    /**
     * Starts building a finite source.
     *
     * @param name     the source's name
     * @param createFn creates the state of one instance; serializable
     */
    public static <C> Batch<C, Void> batch(String name, FunctionEx<? super ProcessorContext, ? extends C> createFn) {
        Util.checkName(name, "name");
        Util.checkSerializable(createFn, "createFn");
        return new Batch<>(name, createFn, null, c -> { }, 1, null);
    }

    /**
     * The builder of a finite source.
     *
     * @param <C> state type
     * @param <T> item type
     */
    public static final class Batch<C, T> {
        private final String name;
        private final FunctionEx<? super ProcessorContext, ? extends C> createFn;
        private final BiConsumerEx<? super C, ? super SourceBuffer<T>> fillBufferFn;
        private final ConsumerEx<? super C> destroyFn;
        private final int parallelism;
        private final SourceSnapshotFns snapshotFns;

        private Batch(String name, FunctionEx<? super ProcessorContext, ? extends C> createFn,
                      BiConsumerEx<? super C, ? super SourceBuffer<T>> fillBufferFn, ConsumerEx<? super C> destroyFn,
                      int parallelism, SourceSnapshotFns snapshotFns) {
            this.name = name;
            this.createFn = createFn;
            this.fillBufferFn = fillBufferFn;
            this.destroyFn = destroyFn;
            this.parallelism = parallelism;
            this.snapshotFns = snapshotFns;
        }

        /**
         * Sets the function that adds items to the buffer, and calls {@code buf.close()} when there
         * are no more. It should add at most about a batch's worth of items per call: what one
         * call adds stays in memory until downstream takes it, so add fewer of large items (about
         * a megabyte's worth, see {@code JobConfig.setMaxBatchBytes}).
         */
        public <T_NEW> Batch<C, T_NEW> fillBufferFn(BiConsumerEx<? super C, ? super SourceBuffer<T_NEW>> fillBufferFn) {
            Util.checkSerializable(fillBufferFn, "fillBufferFn");
            return new Batch<>(name, createFn, fillBufferFn, destroyFn, parallelism, snapshotFns);
        }

        /**
         * Sets the function that returns a serializable snapshot of an instance's state (its
         * position), saved at each snapshot of a job with a processing guarantee; then set the
         * function that restores it with {@link FaultTolerant#restoreSnapshotFn}. A batch job
         * restarted from a snapshot then goes on from the saved position instead of reading
         * everything again.
         * <pre>{@code
         * SourceBuilder.batch("lines", ctx -> new LineCursor("in.txt"))
         *     .<String>fillBufferFn(LineCursor::fill)
         *     .createSnapshotFn(LineCursor::lineNumber)
         *     .restoreSnapshotFn((cursor, saved) -> cursor.skipTo(saved.get(0)))
         *     .build();
         * }</pre>
         *
         * @param createSnapshotFn returns the state to save; must not return {@code null}; serializable
         * @param <S>              the type of the saved state
         * @return a step whose {@code restoreSnapshotFn} returns this builder with both functions
         */
        public <S> FaultTolerant<Batch<C, T>, C, S> createSnapshotFn(FunctionEx<? super C, ? extends S> createSnapshotFn) {
            Util.checkSerializable(createSnapshotFn, "createSnapshotFn");
            return new FaultTolerant<>(createSnapshotFn,
                    fns -> new Batch<>(name, this.createFn, fillBufferFn, destroyFn, parallelism, fns));
        }

        /** Sets the function that releases an instance's state (also called after a failure). */
        public Batch<C, T> destroyFn(ConsumerEx<? super C> destroyFn) {
            Util.checkSerializable(destroyFn, "destroyFn");
            return new Batch<>(name, createFn, fillBufferFn, destroyFn, parallelism, snapshotFns);
        }

        /**
         * Runs {@code preferredLocalParallelism} instances per node (-1: one per core); each must
         * read its own share of the data.
         */
        public Batch<C, T> distributed(int preferredLocalParallelism) {
            if (preferredLocalParallelism == 0 || preferredLocalParallelism < -1) {
                throw new IllegalArgumentException("preferredLocalParallelism must be positive or -1, but was "
                        + preferredLocalParallelism);
            }
            return new Batch<>(name, createFn, fillBufferFn, destroyFn, preferredLocalParallelism, snapshotFns);
        }

        /** Builds the source. */
        public BatchSource<T> build() {
            Objects.requireNonNull(fillBufferFn, "fillBufferFn must be set before build()");
            FunctionEx<? super ProcessorContext, ? extends C> create = createFn;
            BiConsumerEx<? super C, ? super SourceBuffer<T>> fill = fillBufferFn;
            ConsumerEx<? super C> destroy = destroyFn;
            SourceSnapshotFns snapshot = snapshotFns;
            String sourceName = name;
            return new SourceImpl<>(name, ctx -> new BuilderSourceP<C, T>(sourceName, create, fill, destroy, snapshot),
                    parallelism, false);
        }
    }

    /**
     * Starts building an unbounded source; items get event time on the source stage
     * ({@code withTimestamps}, {@code withIngestionTimestamps}) or later.
     * <pre>{@code
     * StreamSource<String> lines = SourceBuilder
     *     .stream("socket", ctx -> new LineReader("localhost", 9000))
     *     .<String>fillBufferFn((reader, buf) -> {
     *         for (String line; buf.size() < 1024 && (line = reader.poll()) != null; ) {
     *             buf.add(line);
     *         }
     *     })
     *     .destroyFn(LineReader::close)
     *     .build();
     * }</pre>
     *
     * @param name     the source's name
     * @param createFn creates the state of one runner; serializable
     */
    public static <C> Stream<C, Void> stream(String name, FunctionEx<? super ProcessorContext, ? extends C> createFn) {
        Util.checkName(name, "name");
        Util.checkSerializable(createFn, "createFn");
        return new Stream<>(new StreamSettings<>(name, createFn, null, c -> { }, 1, 0, -1,
                StreamSourceImpl.DEFAULT_RUNNER_IDLE_MILLIS, null));
    }

    /**
     * Starts building an unbounded source whose items carry their own event timestamps:
     * {@code fillBufferFn} adds them with {@link TimestampedSourceBuffer#add(Object, long)}, and the
     * source stage can use them with {@code withNativeTimestamps(allowedLag)}.
     * <pre>{@code
     * StreamSource<Event> events = SourceBuilder
     *     .timestampedStream("events", ctx -> new EventClient())
     *     .<Event>fillBufferFn((client, buf) -> {
     *         for (Event e : client.poll()) {
     *             buf.add(e, e.timeMillis());
     *         }
     *     })
     *     .distributed(2)
     *     .build();
     * p.readFrom(events).withNativeTimestamps(100);
     * }</pre>
     *
     * @param name     the source's name
     * @param createFn creates the state of one runner; serializable
     */
    public static <C> TimestampedStream<C, Void> timestampedStream(String name,
                                                                   FunctionEx<? super ProcessorContext, ? extends C> createFn) {
        Util.checkName(name, "name");
        Util.checkSerializable(createFn, "createFn");
        return new TimestampedStream<>(new StreamSettings<>(name, createFn, null, c -> { }, 1, 0, -1,
                StreamSourceImpl.DEFAULT_RUNNER_IDLE_MILLIS, null));
    }

    /** What the stream builders collect; each builder call copies it with one field changed. */
    private record StreamSettings<C>(String name, FunctionEx<? super ProcessorContext, ? extends C> createFn,
                                     BiConsumerEx<? super C, ?> fillBufferFn, ConsumerEx<? super C> destroyFn,
                                     int maxRunners, int batchSize, long batchWaitMillis, long runnerIdleMillis,
                                     SourceSnapshotFns snapshotFns) {

        StreamSettings<C> fill(BiConsumerEx<? super C, ?> fn) {
            Util.checkSerializable(fn, "fillBufferFn");
            return new StreamSettings<>(name, createFn, fn, destroyFn, maxRunners, batchSize, batchWaitMillis, runnerIdleMillis,
                    snapshotFns);
        }

        StreamSettings<C> destroy(ConsumerEx<? super C> fn) {
            Util.checkSerializable(fn, "destroyFn");
            return new StreamSettings<>(name, createFn, fillBufferFn, fn, maxRunners, batchSize, batchWaitMillis, runnerIdleMillis,
                    snapshotFns);
        }

        StreamSettings<C> with(int maxRunners, int batchSize, long batchWaitMillis, long runnerIdleMillis) {
            StreamSourceImpl.checkSettings(maxRunners, batchSize, batchWaitMillis, runnerIdleMillis);
            return new StreamSettings<>(name, createFn, fillBufferFn, destroyFn, maxRunners, batchSize, batchWaitMillis,
                    runnerIdleMillis, snapshotFns);
        }

        StreamSettings<C> snapshots(SourceSnapshotFns fns) {
            return new StreamSettings<>(name, createFn, fillBufferFn, destroyFn, maxRunners, batchSize, batchWaitMillis,
                    runnerIdleMillis, fns);
        }

        <T> StreamSource<T> build(boolean nativeTimestamps) {
            Objects.requireNonNull(fillBufferFn, "fillBufferFn must be set before build()");
            return new StreamSourceImpl<>(name, Processors.builderSourceRunner(name, createFn, fillBufferFn, destroyFn, snapshotFns),
                    maxRunners, batchSize, batchWaitMillis, runnerIdleMillis, nativeTimestamps);
        }
    }

    /**
     * The second step of making a source fault tolerant, after {@code createSnapshotFn}: the function
     * that restores the saved states into a fresh instance.
     *
     * @param <B> the builder this step returns to
     * @param <C> the source's state type
     * @param <S> the type of the saved state
     */
    public static final class FaultTolerant<B, C, S> {
        private final FunctionEx<? super C, ? extends S> createSnapshotFn;
        private final Function<SourceSnapshotFns, B> withFns;

        private FaultTolerant(FunctionEx<? super C, ? extends S> createSnapshotFn, Function<SourceSnapshotFns, B> withFns) {
            this.createSnapshotFn = createSnapshotFn;
            this.withFns = withFns;
        }

        /**
         * Sets the function that restores a state object made by {@code createFn} to the saved states
         * of this instance, after a restart from a snapshot and before the first {@code fillBufferFn}
         * call. The list holds the states restored to this instance: usually the one it saved; several
         * if the job was restored at a lower parallelism (merge them: emit what each covers); none
         * at a higher one.
         * <pre>{@code
         * .createSnapshotFn(next -> next[0])
         * .restoreSnapshotFn((next, saved) -> next[0] = saved.isEmpty() ? Long.MAX_VALUE : saved.get(0))
         * }</pre>
         *
         * @param restoreSnapshotFn sets the state's position from the saved states; serializable
         * @return the builder, with both functions set
         */
        public B restoreSnapshotFn(BiConsumerEx<? super C, ? super List<S>> restoreSnapshotFn) {
            Util.checkSerializable(restoreSnapshotFn, "restoreSnapshotFn");
            return withFns.apply(SourceSnapshotFns.of(createSnapshotFn, restoreSnapshotFn));
        }
    }

    /**
     * The builder of an unbounded source. The settings mirror StreamSets origins: {@link #distributed}
     * ("max runners"), {@link #batchSize}, {@link #batchWaitMillis} and {@link #runnerIdleMillis}.
     *
     * @param <C> state type
     * @param <T> item type
     */
    public static final class Stream<C, T> {
        private final StreamSettings<C> settings;

        private Stream(StreamSettings<C> settings) {
            this.settings = settings;
        }

        /**
         * Sets the function that adds the items available now to the buffer (about a batch at most,
         * or about a megabyte's worth of large items; none is fine: it is called again shortly). It
         * may call {@code buf.close()} to end the stream. It must not block for long: it runs on a
         * shared thread.
         */
        public <T_NEW> Stream<C, T_NEW> fillBufferFn(BiConsumerEx<? super C, ? super SourceBuffer<T_NEW>> fillBufferFn) {
            return new Stream<>(settings.fill(fillBufferFn));
        }

        /** Sets the function that releases a runner's state (also called after a failure or cancellation). */
        public Stream<C, T> destroyFn(ConsumerEx<? super C> destroyFn) {
            return new Stream<>(settings.destroy(destroyFn));
        }

        /**
         * Sets the function that returns a serializable snapshot of a runner's state (its offset),
         * saved at each snapshot; then set {@link FaultTolerant#restoreSnapshotFn}. Without them the
         * source saves nothing and restarts from its beginning. See the {@link SourceBuilder class
         * comment} for an example.
         *
         * @param createSnapshotFn returns the state to save; must not return {@code null}; serializable
         * @param <S>              the type of the saved state
         * @return a step whose {@code restoreSnapshotFn} returns this builder with both functions
         */
        public <S> FaultTolerant<Stream<C, T>, C, S> createSnapshotFn(FunctionEx<? super C, ? extends S> createSnapshotFn) {
            Util.checkSerializable(createSnapshotFn, "createSnapshotFn");
            return new FaultTolerant<>(createSnapshotFn, fns -> new Stream<>(settings.snapshots(fns)));
        }

        /**
         * Runs {@code maxRunners} runners per node (-1: one per core; default 1); each finds its
         * share of the data from {@link ProcessorContext#globalIndex()}.
         */
        public Stream<C, T> distributed(int maxRunners) {
            return new Stream<>(settings.with(maxRunners, settings.batchSize(), settings.batchWaitMillis(),
                    settings.runnerIdleMillis()));
        }

        /** Items per batch, 1 to 1,000,000, or 0 (default) for the job's batch size. */
        public Stream<C, T> batchSize(int batchSize) {
            return new Stream<>(settings.with(settings.maxRunners(), batchSize, settings.batchWaitMillis(),
                    settings.runnerIdleMillis()));
        }

        /** How long a partial batch waits before it is sent, 0 to 60,000 ms, or -1 (default) for the job's. */
        public Stream<C, T> batchWaitMillis(long batchWaitMillis) {
            return new Stream<>(settings.with(settings.maxRunners(), settings.batchSize(), batchWaitMillis,
                    settings.runnerIdleMillis()));
        }

        /**
         * After this long without items a runner is idle: it stops holding back the watermark of the
         * stages after it until it has items again. 0 means never; default 60,000 ms.
         */
        public Stream<C, T> runnerIdleMillis(long runnerIdleMillis) {
            return new Stream<>(settings.with(settings.maxRunners(), settings.batchSize(), settings.batchWaitMillis(),
                    runnerIdleMillis));
        }

        /** Builds the source. */
        public StreamSource<T> build() {
            return settings.build(false);
        }
    }

    /**
     * The builder of an unbounded source with native timestamps; see {@link Stream} for the settings.
     *
     * @param <C> state type
     * @param <T> item type
     */
    public static final class TimestampedStream<C, T> {
        private final StreamSettings<C> settings;

        private TimestampedStream(StreamSettings<C> settings) {
            this.settings = settings;
        }

        /** Sets the function that adds items with their timestamps; see {@link Stream#fillBufferFn}. */
        public <T_NEW> TimestampedStream<C, T_NEW> fillBufferFn(
                BiConsumerEx<? super C, ? super TimestampedSourceBuffer<T_NEW>> fillBufferFn) {
            return new TimestampedStream<>(settings.fill(fillBufferFn));
        }

        /** See {@link Stream#destroyFn}. */
        public TimestampedStream<C, T> destroyFn(ConsumerEx<? super C> destroyFn) {
            return new TimestampedStream<>(settings.destroy(destroyFn));
        }

        /**
         * See {@link Stream#createSnapshotFn}; for example, a runner that emits sequence numbers saves
         * the next one:
         * <pre>{@code
         * SourceBuilder.timestampedStream("events", ctx -> new long[] {ctx.globalIndex()})
         *     .<Long>fillBufferFn((next, buf) -> buf.add(next[0], next[0]++))
         *     .createSnapshotFn(next -> next[0])
         *     .restoreSnapshotFn((next, saved) -> next[0] = saved.get(0))
         *     .build();
         * }</pre>
         *
         * @param createSnapshotFn returns the state to save; must not return {@code null}; serializable
         * @param <S>              the type of the saved state
         * @return a step whose {@code restoreSnapshotFn} returns this builder with both functions
         */
        public <S> FaultTolerant<TimestampedStream<C, T>, C, S> createSnapshotFn(
                FunctionEx<? super C, ? extends S> createSnapshotFn) {
            Util.checkSerializable(createSnapshotFn, "createSnapshotFn");
            return new FaultTolerant<>(createSnapshotFn, fns -> new TimestampedStream<>(settings.snapshots(fns)));
        }

        /** See {@link Stream#distributed}. */
        public TimestampedStream<C, T> distributed(int maxRunners) {
            return new TimestampedStream<>(settings.with(maxRunners, settings.batchSize(), settings.batchWaitMillis(),
                    settings.runnerIdleMillis()));
        }

        /** See {@link Stream#batchSize}. */
        public TimestampedStream<C, T> batchSize(int batchSize) {
            return new TimestampedStream<>(settings.with(settings.maxRunners(), batchSize, settings.batchWaitMillis(),
                    settings.runnerIdleMillis()));
        }

        /** See {@link Stream#batchWaitMillis}. */
        public TimestampedStream<C, T> batchWaitMillis(long batchWaitMillis) {
            return new TimestampedStream<>(settings.with(settings.maxRunners(), settings.batchSize(), batchWaitMillis,
                    settings.runnerIdleMillis()));
        }

        /** See {@link Stream#runnerIdleMillis}. */
        public TimestampedStream<C, T> runnerIdleMillis(long runnerIdleMillis) {
            return new TimestampedStream<>(settings.with(settings.maxRunners(), settings.batchSize(), settings.batchWaitMillis(),
                    runnerIdleMillis));
        }

        /** Builds the source. */
        public StreamSource<T> build() {
            return settings.build(true);
        }
    }
}
