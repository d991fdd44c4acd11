package io.sluice.connectors;

import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;

import io.sluice.connectors.impl.ConsoleSinkP;
import io.sluice.connectors.impl.FileSinkP;
import io.sluice.connectors.impl.LoggerSinkP;
import io.sluice.connectors.impl.NoopSinkP;
import io.sluice.connectors.impl.OutputDirectory;
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
     * {@code directory}. Same as {@code filesBuilder(directory).build()}; see {@link FilesSinkBuilder}.
     *
     * <pre>{@code
     * lines.writeTo(Sinks.files("out/"));      // out/part-00000, out/part-00001, ...
     * }</pre>
     *
     * @param directory a new or empty directory, or one this sink wrote before (created if needed)
     * @return the sink
     * @throws IllegalArgumentException if the directory cannot be written, or is not empty and was not
     *                                  written by this sink (naming the path and the fix)
     */
    public static <T> Sink<T> files(String directory) {
        return filesBuilder(directory).build();
    }

    /**
     * A sink that writes {@code toStringFn(item)} followed by {@code '\n'} (UTF-8) for each item.
     * Same as {@code filesBuilder(directory).build(toStringFn)}; see {@link FilesSinkBuilder}.
     *
     * <pre>{@code
     * counts.writeTo(Sinks.files("out/", r -> r.getKey() + "\t" + r.getValue()));
     * }</pre>
     *
     * @param directory  a new or empty directory, or one this sink wrote before (created if needed)
     * @param toStringFn formats an item as one line; stateless, serializable
     * @return the sink
     * @throws IllegalArgumentException if the directory cannot be written, or is not empty and was not
     *                                  written by this sink
     */
    public static <T> Sink<T> files(String directory, FunctionEx<? super T, String> toStringFn) {
        return filesBuilder(directory).build(toStringFn);
    }

    /**
     * A builder of a file sink, to allow writing into a directory that holds other files.
     *
     * <pre>{@code
     * Sink<String> sink = Sinks.filesBuilder("/data/reports")
     *     .overwrite(true)                     // the directory holds other files: keep them, write anyway
     *     .build();
     * }</pre>
     *
     * @param directory the output directory (checked by {@link FilesSinkBuilder#build()})
     * @return the builder
     */
    public static FilesSinkBuilder filesBuilder(String directory) {
        return new FilesSinkBuilder(directory);
    }

    /**
     * Builds a sink that writes items as lines into part files.
     *
     * <ul>
     * <li>Files: instance {@code i} writes {@code part-NNNNN} (NNNNN = {@code i}, five digits) in
     * the directory, which is created with its parents if needed, one line (UTF-8, {@code '\n'}) per
     * item in the order the instance received them, flushed after every batch. The directory also
     * gets a hidden manifest, {@code .sluice-output}, listing the part files the sink wrote there
     * ({@link Sources#files} skips it).</li>
     * <li>What it deletes: nothing it did not write. A part file of this run replaces the earlier
     * one; the parts an earlier run with more instances wrote are deleted; every other file is
     * left alone.</li>
     * <li>Where it writes: a new or empty directory, or one it wrote before (it has the manifest).
     * Any other non-empty directory is refused (when the sink is built, and again when the job
     * starts) unless {@link #overwrite(boolean) overwrite} is on.</li>
     * <li>Exactly once: in a job with {@code ProcessingGuarantee.EXACTLY_ONCE} the sink commits in two
     * phases instead. Each instance writes {@code part-NNNNN-SSSSSS} files (instance, sequence)
     * through hidden temporary files {@code .part-NNNNN-SSSSSS.tmp} and renames them when the
     * snapshot they belong to commits (and at the end of the job); after a restart it commits what
     * the restored snapshot prepared and deletes the temporary files written after it, whose lines
     * the sources replay. So each line is in the output exactly once; sort the lines to compare two
     * runs. {@link Sources#files} never reads the temporary files. Under the other guarantees the
     * sink writes one part file per instance as above, flushed at each snapshot; restarted from a
     * snapshot it appends to it (at-least-once: lines may repeat, none are lost).</li>
     * </ul>
     */
    public static final class FilesSinkBuilder {
        private final String directory;
        private boolean overwrite;

        private FilesSinkBuilder(String directory) {
            this.directory = directory;
        }

        /**
         * Whether the sink may write into a non-empty directory that it did not write before (default
         * {@code false}). Then the part files of the run replace files of the same name; still,
         * nothing else is deleted, and from then on the directory counts as the sink's own.
         *
         * @param overwrite {@code true} to allow it
         * @return this builder
         */
        public FilesSinkBuilder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Builds a sink that writes each item's {@code toString()}.
         *
         * @return the sink
         * @throws IllegalArgumentException if the directory path is empty, cannot be created or written,
         *                                  or is a non-empty directory this sink did not write (without
         *                                  {@code overwrite})
         */
        public <T> Sink<T> build() {
            return build(Object::toString);
        }

        /**
         * Builds a sink that writes {@code toStringFn(item)} for each item.
         *
         * @param toStringFn formats an item as one line; stateless, serializable
         * @return the sink
         * @throws IllegalArgumentException as {@link #build()}, or if {@code toStringFn} is not serializable
         */
        public <T> Sink<T> build(FunctionEx<? super T, String> toStringFn) {
            Objects.requireNonNull(toStringFn, "toStringFn must not be null");
            OutputDirectory.checkAtBuild(directory, overwrite);
            Util.checkSerializable(toStringFn, "toStringFn");
            String dir = directory;
            boolean replace = overwrite;
            return Sink.fromProcessor("filesSink", ctx -> new FileSinkP<T>(dir, toStringFn, replace), -1);
        }
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
