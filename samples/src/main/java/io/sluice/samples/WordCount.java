package io.sluice.samples;

import io.sluice.connectors.impl.FileChecks;
import io.sluice.connectors.impl.LineReader;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.Traverser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts words: the batch "hello world" of Sluice.
 *
 * <p>A word is a maximal run of code points for which {@link Character#isLetterOrDigit(int)}
 * holds (the Unicode categories L and Nd), lower-cased with {@code toLowerCase(Locale.ROOT)}
 * after it has been cut out. Everything else separates words.
 *
 * <pre>{@code
 * Pipeline p = WordCount.pipeline(Sources.files("books/"), Sinks.files("counts/"));
 * try (Sluice sluice = Sluice.embedded()) {
 *     sluice.newJob(p, JobConfig.named("word-count")).join();
 * }
 * // counts/part-* hold lines such as "the,1523"
 * }</pre>
 */
public final class WordCount {
    private static final byte SEPARATOR = 0;
    private static final byte WORD = 1;
    private static final byte UPPER = 2;
    /** The class of each ASCII char: most text is ASCII, and a table lookup beats the Unicode tables. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = WORD;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = WORD;
            ASCII[c - 'a' + 'A'] = UPPER;
        }
    }

    private WordCount() {
    }

    /**
     * The word-count pipeline: lines from {@code source}, words counted, one {@code "word,count"}
     * line per distinct word into {@code sink}.
     *
     * @param source lines of text
     * @param sink   receives {@code "word,count"} strings (a word never contains a comma)
     * @return the pipeline
     */
    public static Pipeline pipeline(BatchSource<String> source, Sink<String> sink) {
        Pipeline p = Pipeline.create();
        p.readFrom(source)
         .flatMap(WordCount::words)
         .groupingKey(w -> w)
         .aggregate(AggregateOperations.counting())
         .map(r -> r.key() + "," + r.value())
         .writeTo(sink);
        return p;
    }

    /**
     * The words of {@code line}, lower-cased, in order; see the class comment for the definition.
     * A hand-written scanner: no regex, no intermediate arrays, one string per word (two only for
     * words with non-ASCII letters, which go through {@code toLowerCase}).
     *
     * @param line a line of text
     * @return a one-pass traverser over the words
     */
    public static Traverser<String> words(String line) {
        return new WordTraverser(line);
    }

    /**
     * Counts the words of every file under {@code dir} (UTF-8, sub-folders included) in this
     * thread with plain Java: the reference the tests and the benchmark compare Sluice with.
     *
     * @param dir an existing directory
     * @return word -&gt; count
     * @throws IOException if a file cannot be read
     */
    public static Map<String, Long> referenceCount(Path dir) throws IOException {
        Map<String, long[]> counts = countWords(FileChecks.listFiles(FileChecks.checkInputDirectory(dir.toString()), "*"));
        Map<String, Long> result = new HashMap<>(counts.size() * 2);
        counts.forEach((w, c) -> result.put(w, c[0]));
        return result;
    }

    /**
     * Counts the words of {@code files} (UTF-8) in this thread: the single-threaded baseline.
     * A {@code long[1]} per word so that counting is one hash lookup and an in-place increment.
     *
     * @param files the files to read
     * @return word -&gt; {count}
     * @throws IOException if a file cannot be read
     */
    public static Map<String, long[]> countWords(List<Path> files) throws IOException {
        HashMap<String, long[]> counts = new HashMap<>(1 << 16);
        for (Path file : files) {
            try (LineReader reader = LineReader.open(file, StandardCharsets.UTF_8)) {
                for (String line; (line = reader.readLine()) != null; ) {
                    Traverser<String> words = words(line);
                    for (String w; (w = words.next()) != null; ) {
                        long[] c = counts.get(w);
                        if (c == null) {
                            counts.put(w, new long[]{1});
                        } else {
                            c[0]++;
                        }
                    }
                }
            } catch (IOException e) {
                throw FileChecks.cannotRead(file, e);
            }
        }
        return counts;
    }

    /** Scans a line for words; see {@link #words(String)}. */
    private static final class WordTraverser implements Traverser<String> {
        private final String line;
        private int pos;

        WordTraverser(String line) {
            this.line = line;
        }

        @Override
        public String next() {
            final String s = line;
            final int n = s.length();
            int i = pos;
            // skip separators
            for (;;) {
                if (i >= n) {
                    pos = n;
                    return null;
                }
                char c = s.charAt(i);
                if (c < 128) {
                    if (ASCII[c] != SEPARATOR) {
                        break;
                    }
                    i++;
                } else {
                    int cp = s.codePointAt(i); // a lone surrogate comes back as itself: not a letter
                    if (Character.isLetterOrDigit(cp)) {
                        break;
                    }
                    i += Character.charCount(cp);
                }
            }
            final int start = i;
            boolean upper = false;
            boolean nonAscii = false;
            while (i < n) {
                char c = s.charAt(i);
                if (c < 128) {
                    byte kind = ASCII[c];
                    if (kind == SEPARATOR) {
                        break;
                    }
                    upper |= kind == UPPER;
                    i++;
                } else {
                    int cp = s.codePointAt(i);
                    if (!Character.isLetterOrDigit(cp)) {
                        break;
                    }
                    nonAscii = true;
                    i += Character.charCount(cp);
                }
            }
            pos = i;
            if (nonAscii) {
                return s.substring(start, i).toLowerCase(Locale.ROOT);
            }
            if (!upper) {
                return s.substring(start, i);
            }
            byte[] lower = new byte[i - start];
            for (int k = 0; k < lower.length; k++) {
                char c = s.charAt(start + k);
                lower[k] = (byte) (ASCII[c] == UPPER ? c + ('a' - 'A') : c);
            }
            return new String(lower, StandardCharsets.ISO_8859_1);
        }
    }
}
