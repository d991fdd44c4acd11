package io.sluice.samples.cli;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.connectors.Sinks;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.samples.Ledger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code sluice run ledger --data DIR --output DIR [--events N] [--rate R] [--guarantee G]
 * [--snapshot-interval MS] [--seed S]}: the {@link Ledger} job, a replayable stream of transfers
 * with totals per second and balances per account, written with the file sink under
 * {@code --output} ({@code totals/} and {@code balances/}). The job is named "ledger".
 */
final class LedgerSample implements Sample {

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public String description() {
        return "Transfers between accounts (a replayable stream): totals per second and balances per account,"
                + " exactly once with snapshots";
    }

    @Command(name = "sluice run ledger", sortOptions = false,
            description = "Generates a deterministic stream of money transfers between " + Ledger.ACCOUNTS + " accounts"
                    + " (event time = sequence number / rate) and writes, with the file sink, the number and amount of"
                    + " transfers per event-time second (OUTPUT/totals) and the balance of each account as of the end of"
                    + " each second it had a transfer (OUTPUT/balances). The job ends when all transfers are processed."
                    + " The same arguments give the same lines (sort them to compare).")
    static final class Options {
        @Option(names = "--data", paramLabel = "DIR", required = true,
                description = "the node's data directory (journal and snapshots): run the same command again after the"
                        + " process was killed and the job resumes from its last snapshot")
        Path data;

        @Option(names = "--output", paramLabel = "DIR", required = true,
                description = "directory for the output: OUTPUT/totals and OUTPUT/balances, new or written by ledger before")
        Path output;

        @Option(names = "--events", paramLabel = "N", defaultValue = "2000000",
                description = "how many transfers (default: ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--rate", paramLabel = "R", defaultValue = "200000",
                description = "transfers per second, of wall-clock time and of event time (default: ${DEFAULT-VALUE})")
        long rate;

        @Option(names = "--guarantee", paramLabel = "G", defaultValue = "EXACTLY_ONCE",
                description = "processing guarantee: NONE, AT_MOST_ONCE, AT_LEAST_ONCE or EXACTLY_ONCE (default: ${DEFAULT-VALUE})")
        String guarantee;

        @Option(names = "--snapshot-interval", paramLabel = "MS", defaultValue = "1000",
                description = "milliseconds between snapshots, 10 to 86400000 (default: ${DEFAULT-VALUE})")
        long snapshotInterval;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
                description = "seed of the generated transfers (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    @Override
    public int run(String[] args, SluiceConfig node, PrintStream out) throws Exception {
        Options options = new Options();
        CommandLine cl = new CommandLine(options);
        cl.parseArgs(args);
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return 0;
        }
        if (options.data.toString().isBlank() || options.output.toString().isBlank()) {
            throw new ParameterException(cl, "--data and --output must not be empty: pass directories, for example"
                    + " --data ledger-data --output ledger-output");
        }
        if (options.events < 1 || options.events > 1_000_000_000L) {
            throw new ParameterException(cl, "--events must be between 1 and 1000000000 transfers, but was " + options.events);
        }
        if (options.rate < 1 || options.rate > 10_000_000L) {
            throw new ParameterException(cl, "--rate must be between 1 and 10000000 transfers per second, but was "
                    + options.rate);
        }
        ProcessingGuarantee guarantee = guarantee(cl, options.guarantee);
        JobConfig config = JobConfig.named("ledger").setProcessingGuarantee(guarantee);
        try {
            config.setSnapshotIntervalMillis(options.snapshotInterval);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--snapshot-interval must be between 10 and 86400000 ms, but was "
                    + options.snapshotInterval);
        }
        Path data = options.data;
        SluiceConfig settings = node;
        if (data != null) {
            settings = settings.withDataDirectory(data);
        }

        // The sinks check their directories here, before a node is started.
        Sink<String> totals = Sinks.files(options.output.resolve("totals").toString());
        Sink<String> balances = Sinks.files(options.output.resolve("balances").toString());
        Pipeline pipeline = Ledger.pipeline(options.seed, options.events, options.rate, totals, balances);

        long start = System.nanoTime();
        try (Sluice sluice = Sluice.embedded(settings)) {
            // after a kill, the node resumed the job from its data directory: wait for that one
            sluice.newJobIfAbsent(pipeline, config).join();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        out.println("transfers:  " + options.events + " (guarantee " + guarantee + ", snapshots every "
                + options.snapshotInterval + " ms, data " + data.toAbsolutePath() + ")");
        out.println("totals:     " + lineCount(options.output.resolve("totals")) + " lines in "
                + options.output.resolve("totals").toAbsolutePath());
        out.println("balances:   " + lineCount(options.output.resolve("balances")) + " lines in "
                + options.output.resolve("balances").toAbsolutePath());
        out.println("elapsed:    " + elapsedMs + " ms");
        return 0;
    }

    private static ProcessingGuarantee guarantee(CommandLine cl, String value) {
        try {
            return ProcessingGuarantee.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--guarantee must be one of NONE, AT_MOST_ONCE, AT_LEAST_ONCE, EXACTLY_ONCE,"
                    + " but was '" + value + "'");
        }
    }

    private static long lineCount(Path dir) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                try (Stream<String> l = Files.lines(part)) {
                    lines += l.count();
                }
            }
        }
        return lines;
    }
}
