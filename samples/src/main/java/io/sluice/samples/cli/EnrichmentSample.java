package io.sluice.samples.cli;

import io.sluice.connectors.Sinks;
import io.sluice.connectors.Sources;
import io.sluice.samples.Enrichment;
import io.sluice.samples.Trades;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;

/** {@code sluice run enrichment [--rate N] [--duration S]}: the {@link Enrichment} streaming job. */
final class EnrichmentSample implements Sample {

    @Override
    public String name() {
        return "enrichment";
    }

    @Override
    public String description() {
        return "Joins a stream of trades with a batch table of companies and prints enriched trades (streaming)";
    }

    @Command(name = "sluice run enrichment", sortOptions = false,
            description = "Joins a generated stream of trades with a reference table of companies (read once, in full) "
                    + "and prints each trade with its company's name and sector. Runs until Ctrl-C or --duration.")
    static final class Options {
        @Option(names = "--rate", paramLabel = "N", defaultValue = "5",
                description = "trades per second (default: ${DEFAULT-VALUE})")
        long rate;

        @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
                description = "stop after this many seconds; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE})")
        long duration;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Options options = new Options();
        CommandLine cl = new CommandLine(options);
        cl.parseArgs(args);
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return 0;
        }
        if (options.rate < 1 || options.rate > 1_000_000) {
            throw new IllegalArgumentException("--rate must be between 1 and 1000000 trades per second, but was " + options.rate);
        }
        if (options.duration < 0) {
            throw new IllegalArgumentException("--duration must be 0 (until Ctrl-C) or a number of seconds, but was "
                    + options.duration);
        }
        StreamingSampleSupport.runFor(
                Enrichment.pipeline(Trades.stream(options.rate, 0), Sources.list(Enrichment.COMPANIES), Sinks.console()),
                "enrichment", options.duration);
        return 0;
    }
}
