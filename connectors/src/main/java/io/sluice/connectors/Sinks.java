package io.sluice.connectors;

import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;

import io.sluice.connectors.impl.ConsoleSinkP;
import io.sluice.connectors.impl.FileChecks;
import io.sluice.connectors.impl.FileSinkP;
import io.sluice.connectors.impl.LoggerSinkP;
import io.sluice.connectors.impl.NoopSinkP;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.Sink;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Factories of the built-in sinks.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.create();
 * p.readFrom(Sources.files("in/"))
 *  .map(String::toUpperCase)
 *  .writeTo(Sinks.files("out/"));      // out/part-00000, out/part-00001, ...
 * }</pre>
 *
 * Unless noted, a sink runs with the parallelism of the stage before it.
 */
public final class Sinks {
    private Sinks() {
    }

    /**
     * A sink that writes each item's {@code toString()} as a line (UTF-8) into part files in
     * {@code directory}; see {@link #files(String, FunctionEx)}.
     *
     * @param directory an existing or creatable, writable directory
     * @return the sink
     * @throws IllegalArgumentException if the directory cannot be written (naming the path and the fix)
     */
    public static <T> Sink<T> files(String directory) {
        return files(directory, Object::toString);
    }

    /**
     * A sink that writes {@code toStringFn(item)} followed by {@code '\n'} (UTF-8) for each item.
     * Instance {@code i} writes the file {@code part-NNNNN} (NNNNN = {@code i}, five digits) in
     * {@code directory}, which is created with its parents if needed. A part file that exists is
     * replaced; part files left by an earlier run with more instances are deleted. Each file is
     * flushed after every batch. The order of lines follows the order in which the instance
     * received the items.
     *
     * <pre>{@code
     * counts.writeTo(Sinks.files("out/", r -> r.getKey() + "\t" + r.getValue()));
     * }</pre>
     *
     * @param directory  an existing or creatable, writable directory
     * @param toStringFn formats an item as one line; stateless, serializable
     * @return the sink
     * @throws IllegalArgumentException if the directory cannot be written, for example because a
     *                                  path element is a regular file or a directory is read-only
     */
    public static <T> Sink<T> files(String directory, FunctionEx<? super T, String> toStringFn) {
        FileChecks.checkOutputDirectory(directory);
        Util.checkSerializable(toStringFn, "toStringFn");
        String dir = directory;
        return Sink.fromProcessor("filesSink", ctx -> new FileSinkP<T>(dir, toStringFn), -1);
    }

    /**
     * A sink that logs each item's {@code toString()} at INFO with SLF4J, to the logger
     * {@code io.sluice.sink.<sink stage's name>}. Meant for development and small outputs.
     *
     * <pre>{@code
     * stage.writeTo(Sinks.logger());
     * }</pre>
     *
     * @return the sink
     */
    public static <T> Sink<T> logger() {
        return logger(Object::toString);
    }

    /**
     * A sink that logs {@code toStringFn(item)} at INFO; see {@link #logger()}.
     *
     * @param toStringFn formats an item; stateless, serializable
     * @return the sink
     */
    public static <T> Sink<T> logger(FunctionEx<? super T, String> toStringFn) {
        Util.checkSerializable(toStringFn, "toStringFn");
        return Sink.fromProcessor("loggerSink", ctx -> new LoggerSinkP<T>(toStringFn), -1);
    }

    /**
     * A sink that prints each item's {@code toString()} on a line of {@code System.out}, flushed
     * after every batch. Lines of different instances are interleaved batch by batch.
     *
     * <pre>{@code
     * stage.writeTo(Sinks.console());
     * }</pre>
     *
     * @return the sink
     */
    public static <T> Sink<T> console() {
        return Sink.fromProcessor("consoleSink", ctx -> new ConsoleSinkP(), -1);
    }

    /**
     * A sink that prints {@code toStringFn(item)} on a line of {@code System.out}, flushed after
     * every batch.
     *
     * <pre>{@code
     * results.writeTo(Sinks.console(r -> r.key() + ": " + r.value()));
     * }</pre>
     *
     * @param toStringFn formats an item; stateless and serializable
     * @return the sink
     */
    public static <T> Sink<T> console(FunctionEx<? super T, String> toStringFn) {
        Util.checkSerializable(toStringFn, "toStringFn");
        return Sink.fromProcessor("consoleSink", ctx -> new ConsoleSinkP(toStringFn), -1);
    }

    /**
     * A sink that drops every item (for benchmarks and for branches kept only for their side effects).
     *
     * @return the sink
     */
    public static <T> Sink<T> noop() {
        return Sink.fromProcessor("noopSink", ctx -> new NoopSinkP(), -1);
    }

    /**
     * A sink that keeps every item in memory, to read with {@link CollectingSink#items()} after
     * the job has finished (mostly for tests and small results).
     *
     * <pre>{@code
     * CollectingSink<String> out = Sinks.collecting();
     * p.readFrom(Sources.items("a", "b")).map(String::toUpperCase).writeTo(out);
     * sluice.newJob(p).join();
     * assertEquals(Set.of("A", "B"), Set.copyOf(out.items()));
     * }</pre>
     *
     * Works only when the job runs in the JVM that created the sink (an embedded node): the items
     * land in a JVM-wide registry under the sink's id. Items are kept until the sink object is
     * garbage collected or {@link CollectingSink#clear()} is called.
     *
     * @return the sink
     */
    public static <T> CollectingSink<T> collecting() {
        return TestSinks.collecting();
    }
}
