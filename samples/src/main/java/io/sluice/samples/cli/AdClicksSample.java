package io.sluice.samples.cli;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.connectors.Sinks;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.samples.AdClicks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sluice run ad-clicks [--events N] [--rate N] [--seed S]}: the {@link AdClicks} job (a
 * stream-to-stream join) on generated, finite streams; prints the click-through rate per campaign
 * and minute, sorted, once the streams end. The output depends only on the arguments.
 */
final class AdClicksSample implements Sample {

    @Override
    public String name() {
        return "ad-clicks";
    }

    @Override
    public String description() {
        return "Joins ad impressions with clicks within 10 s (stream-to-stream join); click-through rate per campaign per minute";
    }

    @Command(name = "sluice run ad-clicks", sortOptions = false,
            description = "Generates ad impressions (campaign, ad id, user, event time) and clicks on them, joins each"
                    + " impression with a click on it within 10 s of event time after it (a left outer interval join),"
                    + " and prints the click-through rate per campaign per minute of the impressions. The events"
                    + " follow from --seed: the same arguments give the same output.")
    static final class Options {
        @Option(names = "--events", paramLabel = "N", defaultValue = "200000",
                description = "how many impressions to generate (default: ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--rate", paramLabel = "N", defaultValue = "1000",
                description = "impressions per second of event time (default: ${DEFAULT-VALUE})")
        long rate;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
                description = "seed of the generated events (default: ${DEFAULT-VALUE})")
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
        if (options.events < 1 || options.events > 1_000_000_000L) {
            throw new ParameterException(cl, "--events must be between 1 and 1000000000 impressions, but was "
                    + options.events);
        }
        if (options.rate < 1 || options.rate > 10_000_000L) {
            throw new ParameterException(cl, "--rate must be between 1 and 10000000 impressions per second of event"
                    + " time, but was " + options.rate);
        }
        CollectingSink<AdClicks.CampaignMinute> sink = Sinks.collecting();
        try (Sluice sluice = Sluice.embedded(node)) {
            sluice.newJob(AdClicks.pipeline(options.seed, options.events, options.rate, sink), JobConfig.named("ad-clicks"))
                  .join();
        }
        List<AdClicks.CampaignMinute> results = new ArrayList<>(sink.items());
        results.sort(null);
        long impressions = 0;
        long clicks = 0;
        for (AdClicks.CampaignMinute r : results) {
            out.println(r);
            impressions += r.impressions();
            clicks += r.clicks();
        }
        out.printf(java.util.Locale.ROOT, "total: %d impressions, %d clicks within %d s, ctr %.2f%%%n", impressions, clicks,
                AdClicks.CLICK_WINDOW / 1000, impressions == 0 ? 0.0 : 100.0 * clicks / impressions);
        return 0;
    }
}
