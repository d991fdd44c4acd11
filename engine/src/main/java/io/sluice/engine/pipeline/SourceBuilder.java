package io.sluice.engine.pipeline;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.impl.processor.BuilderSourceP;
import io.sluice.engine.impl.util.Util;

import java.util.Objects;

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
 * By default the source runs as one instance; {@link Batch#distributed(int)} runs several, each
 * given its index in {@link ProcessorContext#globalIndex()} to pick its share of the data.
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
        return new Batch<>(name, createFn, null, c -> { }, 1);
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

        private Batch(String name, FunctionEx<? super ProcessorContext, ? extends C> createFn,
                      BiConsumerEx<? super C, ? super SourceBuffer<T>> fillBufferFn, ConsumerEx<? super C> destroyFn,
                      int parallelism) {
            this.name = name;
            this.createFn = createFn;
            this.fillBufferFn = fillBufferFn;
            this.destroyFn = destroyFn;
            this.parallelism = parallelism;
        }

        /**
         * Sets the function that adds items to the buffer, and calls {@code buf.close()} when there
         * are no more. It should add at most about a batch's worth of items per call.
         */
        public <T_NEW> Batch<C, T_NEW> fillBufferFn(BiConsumerEx<? super C, ? super SourceBuffer<T_NEW>> fillBufferFn) {
            Util.checkSerializable(fillBufferFn, "fillBufferFn");
            return new Batch<>(name, createFn, fillBufferFn, destroyFn, parallelism);
        }

        /** Sets the function that releases an instance's state (also called after a failure). */
        public Batch<C, T> destroyFn(ConsumerEx<? super C> destroyFn) {
            Util.checkSerializable(destroyFn, "destroyFn");
            return new Batch<>(name, createFn, fillBufferFn, destroyFn, parallelism);
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
            return new Batch<>(name, createFn, fillBufferFn, destroyFn, preferredLocalParallelism);
        }

        /** Builds the source. */
        public BatchSource<T> build() {
            Objects.requireNonNull(fillBufferFn, "fillBufferFn must be set before build()");
            FunctionEx<? super ProcessorContext, ? extends C> create = createFn;
            BiConsumerEx<? super C, ? super SourceBuffer<T>> fill = fillBufferFn;
            ConsumerEx<? super C> destroy = destroyFn;
            return new SourceImpl<>(name, ctx -> new BuilderSourceP<C, T>(create, fill, destroy), parallelism, false);
        }
    }
}
