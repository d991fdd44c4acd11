package io.sluice.engine.pipeline;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.pipeline.SinkImpl;
import io.sluice.engine.impl.processor.BuilderSinkP;
import io.sluice.engine.impl.util.Util;

import java.util.Objects;

/**
 * Builds a sink from functions: create a writer per instance, receive each item, flush after
 * each batch, destroy.
 *
 * <pre>{@code
 * Sink<String> out = SinkBuilder.sinkBuilder("out", ctx -> new PrintWriter("part-" + ctx.globalIndex()))
 *     .<String>receiveFn(PrintWriter::println)
 *     .flushFn(PrintWriter::flush)
 *     .destroyFn(PrintWriter::close)
 *     .build();
 * }</pre>
 *
 * @param <W> writer (state) type
 * @param <T> item type
 */
public final class SinkBuilder<W, T> {
    private final String name;
    private final FunctionEx<? super ProcessorContext, ? extends W> createFn;
    private final BiConsumerEx<? super W, ? super T> receiveFn;
    private final ConsumerEx<? super W> flushFn;
    private final ConsumerEx<? super W> destroyFn;
    private final int parallelism;

    private SinkBuilder(String name, FunctionEx<? super ProcessorContext, ? extends W> createFn,
                        BiConsumerEx<? super W, ? super T> receiveFn, ConsumerEx<? super W> flushFn,
                        ConsumerEx<? super W> destroyFn, int parallelism) {
        this.name = name;
        this.createFn = createFn;
        this.receiveFn = receiveFn;
        this.flushFn = flushFn;
        this.destroyFn = destroyFn;
        this.parallelism = parallelism;
    }

    /**
     * Starts building a sink.
     *
     * @param name     the sink's name
     * @param createFn creates the writer of one instance; serializable
     */
    public static <W> SinkBuilder<W, Void> sinkBuilder(String name, FunctionEx<? super ProcessorContext, ? extends W> createFn) {
        Util.checkName(name, "name");
        Util.checkSerializable(createFn, "createFn");
        return new SinkBuilder<>(name, createFn, null, w -> { }, w -> { }, -1);
    }

    /** Sets the function that writes one item. */
    public <T_NEW> SinkBuilder<W, T_NEW> receiveFn(BiConsumerEx<? super W, ? super T_NEW> receiveFn) {
        Util.checkSerializable(receiveFn, "receiveFn");
        return new SinkBuilder<>(name, createFn, receiveFn, flushFn, destroyFn, parallelism);
    }

    /** Sets the function called after each batch and at the end (for example {@code flush()}). */
    public SinkBuilder<W, T> flushFn(ConsumerEx<? super W> flushFn) {
        Util.checkSerializable(flushFn, "flushFn");
        return new SinkBuilder<>(name, createFn, receiveFn, flushFn, destroyFn, parallelism);
    }

    /** Sets the function that releases the writer (also called after a failure). */
    public SinkBuilder<W, T> destroyFn(ConsumerEx<? super W> destroyFn) {
        Util.checkSerializable(destroyFn, "destroyFn");
        return new SinkBuilder<>(name, createFn, receiveFn, flushFn, destroyFn, parallelism);
    }

    /** Sets the instances per node (-1, the default: as many as the stage before it). */
    public SinkBuilder<W, T> preferredLocalParallelism(int parallelism) {
        if (parallelism == 0 || parallelism < -1) {
            throw new IllegalArgumentException("preferredLocalParallelism must be positive or -1, but was " + parallelism);
        }
        return new SinkBuilder<>(name, createFn, receiveFn, flushFn, destroyFn, parallelism);
    }

    /** Builds the sink. */
    public Sink<T> build() {
        Objects.requireNonNull(receiveFn, "receiveFn must be set before build()");
        FunctionEx<? super ProcessorContext, ? extends W> create = createFn;
        BiConsumerEx<? super W, ? super T> receive = receiveFn;
        ConsumerEx<? super W> flush = flushFn;
        ConsumerEx<? super W> destroy = destroyFn;
        return new SinkImpl<>(name, ctx -> new BuilderSinkP<W, T>(create, receive, flush, destroy), parallelism);
    }
}
