package io.sluice.connectors;

import io.sluice.connectors.impl.FileChecks;
import io.sluice.connectors.impl.FileLinesP;
import io.sluice.connectors.impl.ListSourceP;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchSource;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Factories of the built-in sources.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.create();
 * p.readFrom(Sources.files("books/"))          // every line of every file under books/
 *  .map(String::toUpperCase)
 *  .writeTo(Sinks.logger());
 * }</pre>
 *
 * Sources check their arguments when created, so a wrong path fails at once on the client and not
 * later inside a running job; they check again when the job starts.
 */
public final class Sources {
    private Sources() {
    }

    /**
     * A source of the items of {@code items}, in order, read by one instance. The list is copied
     * when this method is called: later changes to it are not seen. The source travels with the
     * job, so the items must be serializable.
     *
     * <pre>{@code
     * p.readFrom(Sources.list(List.of("a", "b", "c")))
     * }</pre>
     *
     * @param items the items; not {@code null}, no {@code null} elements, every element {@link Serializable}
     * @return the source
     * @throws IllegalArgumentException if an item is {@code null} or not serializable (naming its index and class)
     */
    public static <T> BatchSource<T> list(List<? extends T> items) {
        Objects.requireNonNull(items, "items must not be null");
        ArrayList<T> copy = new ArrayList<>(items);
        for (int i = 0; i < copy.size(); i++) {
            T item = copy.get(i);
            if (item == null) {
                throw new IllegalArgumentException("item at index " + i + " is null: a source cannot emit null items");
            }
            if (!(item instanceof Serializable)) {
                throw new IllegalArgumentException("item at index " + i + " (a " + item.getClass().getName()
                        + ") is not Serializable: Sources.list() needs serializable items because the source travels"
                        + " with the job; make the class implement java.io.Serializable");
            }
        }
        // Catches non-serializable objects nested inside serializable items.
        Util.checkSerializable(copy, "items");
        return BatchSource.fromProcessor("list", ctx -> new ListSourceP(copy), 1);
    }

    /**
     * A source of the given items, in order; see {@link #list(List)}.
     *
     * <pre>{@code
     * p.readFrom(Sources.items(1, 2, 3))
     * }</pre>
     *
     * @param items the items; no {@code null}s, all serializable
     * @return the source
     */
    @SafeVarargs
    public static <T> BatchSource<T> items(T... items) {
        Objects.requireNonNull(items, "items must not be null");
        List<T> list = new ArrayList<>(items.length);
        for (T item : items) {
            list.add(item);
        }
        return list(list);
    }

    /**
     * A source of the text lines (UTF-8) of every regular file under {@code directory}, sub-folders
     * included. Same as {@code filesBuilder(directory).build()}; see {@link FilesBuilder} for the
     * details (parallelism, line endings, order). A file that is not UTF-8 text (another charset, a
     * binary file) fails the job, naming the file and the offset of the first bad byte.
     *
     * <pre>{@code
     * BatchStage<String> lines = p.readFrom(Sources.files("/data/books"));
     * }</pre>
     *
     * @param directory an existing directory
     * @return the source
     * @throws IllegalArgumentException if {@code directory} does not exist or is not a directory
     */
    public static BatchSource<String> files(String directory) {
        return filesBuilder(directory).build();
    }

    /**
     * A builder of a file source, to choose the files, the charset and what happens to bytes that
     * do not decode.
     *
     * <pre>{@code
     * BatchSource<String> logs = Sources.filesBuilder("/var/log/app")
     *     .glob("*.log")
     *     .charset(StandardCharsets.ISO_8859_1)
     *     .onBadBytes(BadBytesPolicy.REPLACE)       // default FAIL
     *     .build();
     * }</pre>
     *
     * @param directory an existing directory (checked by {@link FilesBuilder#build()})
     * @return the builder
     */
    public static FilesBuilder filesBuilder(String directory) {
        return new FilesBuilder(directory);
    }

    /**
     * Builds a source of the text lines of the files under a directory.
     *
     * <ul>
     * <li>Files: every regular file under the directory and its sub-folders whose file name (not
     * path) matches the glob (default {@code "*"}: all files, hidden ones included), except the
     * {@code .sluice-output} manifest that {@link Sinks#files} keeps in its output directory.</li>
     * <li>Lines: as {@link java.io.BufferedReader#readLine()} splits them: at {@code \n}, {@code \r}
     * or {@code \r\n}, without the terminator; a last line without a terminator is read too; an
     * empty file has no lines.</li>
     * <li>Text: decoded with the charset (default UTF-8) as a stream, a buffer at a time. Bytes that
     * are not text in it (a sequence that does not decode, or a NUL byte, as in binary files) fail
     * the job with the file and the byte offset, unless {@link #onBadBytes} says to replace them.</li>
     * <li>Parallelism: one instance per core on each node. The files, sorted by their path
     * relative to the directory, are dealt out: file {@code k} is read by the instance with
     * global index {@code k % n}. The lines of one file keep their order; there is no order
     * between files. In a cluster every node must see the same directory contents (a shared
     * file system or identical copies).</li>
     * <li>Snapshots: in a job with a processing guarantee each instance saves the files it has
     * not finished and where the next line of the current one starts (a byte offset for UTF-8,
     * US-ASCII and ISO-8859-1, else a line count); restarted from a snapshot, it goes on from
     * there. The files must not change meanwhile. The file sink's temporary files
     * ({@code .part-*.tmp}) are never read.</li>
     * </ul>
     */
    public static final class FilesBuilder {
        private final String directory;
        private String glob = "*";
        private Charset charset = StandardCharsets.UTF_8;
        private BadBytesPolicy policy = BadBytesPolicy.FAIL;

        private FilesBuilder(String directory) {
            this.directory = directory;
        }

        /**
         * Reads only the files whose name matches {@code glob} ({@link java.nio.file.FileSystem#getPathMatcher}
         * syntax, for example {@code "*.txt"} or {@code "*.{csv,tsv}"}).
         *
         * @param glob a glob pattern for file names
         * @return this builder
         * @throws IllegalArgumentException if the pattern is invalid
         */
        public FilesBuilder glob(String glob) {
            Objects.requireNonNull(glob, "glob must not be null");
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + glob);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("glob '" + glob + "' is not a valid glob pattern: " + e.getMessage(), e);
            }
            this.glob = glob;
            return this;
        }

        /**
         * Decodes the files with {@code charset} (default UTF-8).
         *
         * @param charset the files' charset
         * @return this builder
         */
        public FilesBuilder charset(Charset charset) {
            this.charset = Objects.requireNonNull(charset, "charset must not be null");
            return this;
        }

        /**
         * What to do with bytes that are not text in the charset: a sequence that does not decode, or
         * a NUL byte (binary files have them). {@link BadBytesPolicy#FAIL} (the default) fails the
         * job, naming the file and the byte offset; {@link BadBytesPolicy#REPLACE} reads each bad
         * sequence as U+FFFD and logs a warning with the count at the end of each such file.
         *
         * <pre>{@code
         * Sources.filesBuilder("mixed/").onBadBytes(BadBytesPolicy.REPLACE).build();
         * }</pre>
         *
         * @param policy the policy
         * @return this builder
         */
        public FilesBuilder onBadBytes(BadBytesPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /**
         * Builds the source.
         *
         * @return the source
         * @throws IllegalArgumentException if the directory does not exist, is not a directory or is not readable
         */
        public BatchSource<String> build() {
            FileChecks.checkInputDirectory(directory);
            String dir = directory;
            String pattern = glob;
            String charsetName = charset.name(); // Charset is not Serializable; its name is
            BadBytesPolicy onBadBytes = policy;
            // A plain name: vertex names may end up in actor names and logger names.
            return BatchSource.fromProcessor("files",
                    ctx -> new FileLinesP(dir, pattern, Charset.forName(charsetName), onBadBytes), -1);
        }
    }
}
