package io.sluice.samples.cli;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.connectors.BadBytesPolicy;
import io.sluice.connectors.Sinks;
import io.sluice.connectors.Sources;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.samples.BundledCorpus;
import io.sluice.samples.WordCount;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code sluice run word-count [--input DIR] [--charset NAME] [--on-bad-bytes fail|replace] [--output DIR] [--overwrite]}:
 * the {@link WordCount} pipeline on an embedded node.
 */
final class WordCountSample implements Sample {

    @Override
    public String name() {
        return "word-count";
    }

    @Override
    public String description() {
        return "Counts the words of every text file in a directory (batch); writes \"word,count\" lines";
    }

    @Command(name = "sluice run word-count", sortOptions = false,
            description = "Counts the words of every text file under a directory, sub-folders included, and writes "
                    + "one \"word,count\" line per distinct word into part files.")
    static final class Options {
        @Option(names = "--input", paramLabel = "DIR",
                description = "directory of text files, see --charset (default: a small bundled corpus)")
        Path input;

        @Option(names = "--charset", paramLabel = "NAME", defaultValue = "UTF-8",
                description = "the input files' charset, for example ISO-8859-1 or windows-1252 (default: ${DEFAULT-VALUE})")
        String charset;

        @Option(names = "--on-bad-bytes", paramLabel = "fail|replace", defaultValue = "fail",
                description = "bytes that are not text in the charset (or NUL, as in binary files): fail names the file"
                        + " and offset; replace reads them as U+FFFD and logs a count per file (default: ${DEFAULT-VALUE})")
        String onBadBytes;

        @Option(names = "--output", paramLabel = "DIR", defaultValue = "word-count-output",
                description = "directory for the part files: new, empty, or written by word-count before; created if needed"
                        + " (default: ${DEFAULT-VALUE})")
        Path output;

        @Option(names = "--overwrite",
                description = "write into an output directory that holds other files (kept; only the part files are"
                        + " replaced). Not needed for a directory that word-count wrote before")
        boolean overwrite;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    @Override
    public int run(String[] args, SluiceConfig node, PrintStream out) throws Exception {
        Options options = new Options();
        CommandLine cl = new CommandLine(options);
        cl.parseArgs(args); // ParameterException: a usage error
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return 0;
        }
        requireNotEmpty(cl, options.input, "--input", "books/");
        requireNotEmpty(cl, options.output, "--output", "counts/");
        Charset charset = charset(cl, options.charset);
        BadBytesPolicy onBadBytes = switch (options.onBadBytes.toLowerCase(Locale.ROOT)) {
            case "fail" -> BadBytesPolicy.FAIL;
            case "replace" -> BadBytesPolicy.REPLACE;
            default -> throw new ParameterException(cl, "--on-bad-bytes must be 'fail' or 'replace', but was '"
                    + options.onBadBytes + "'");
        };
        Path tempInput = null;
        try {
            Path input = options.input;
            if (input == null) {
                tempInput = BundledCorpus.copyTo(Files.createTempDirectory("sluice-word-count-"));
                input = tempInput;
            }
            // Sources and sinks check their paths here, before a node is started.
            BatchSource<String> source = Sources.filesBuilder(input.toString()).charset(charset).onBadBytes(onBadBytes).build();
            Sink<String> sink = Sinks.filesBuilder(options.output.toString()).overwrite(options.overwrite).build();
            Pipeline pipeline = WordCount.pipeline(source, sink);

            long start = System.nanoTime();
            try (Sluice sluice = Sluice.embedded(node)) {
                sluice.newJob(pipeline, JobConfig.named("word-count")).join();
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            List<Path> parts = partFiles(options.output);
            long distinct = 0;
            for (Path part : parts) {
                try (Stream<String> lines = Files.lines(part)) {
                    distinct += lines.count();
                }
            }
            out.println("input:          " + (tempInput == null ? input.toAbsolutePath() : "bundled sample texts ("
                    + BundledCorpus.files().size() + " files)"));
            out.println("output:         " + options.output.toAbsolutePath() + " (" + parts.size() + " part files)");
            out.println("distinct words: " + distinct);
            out.println("elapsed:        " + elapsedMs + " ms");
            return 0;
        } finally {
            BundledCorpus.deleteRecursively(tempInput);
        }
    }

    /** An empty value would mean the current directory: never what was meant. */
    private static void requireNotEmpty(CommandLine cl, Path value, String option, String example) {
        if (value != null && value.toString().isBlank()) {
            throw new ParameterException(cl, option + " must not be empty: pass a directory, for example " + option + " "
                    + example);
        }
    }

    private static Charset charset(CommandLine cl, String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) { // IllegalCharsetNameException, UnsupportedCharsetException
            throw new ParameterException(cl, "--charset '" + name + "' is not a charset this Java runtime knows: pass a"
                    + " name such as UTF-8, ISO-8859-1 or windows-1252");
        }
    }

    private static List<Path> partFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }
}
