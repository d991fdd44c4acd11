package io.sluice.samples.cli;

import io.sluice.connectors.Sinks;
import io.sluice.connectors.Sources;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.samples.Enrichment;
import io.sluice.samples.Trades;
import picocli.CommandLine.Command;

/** {@code sluice run enrichment [--rate N] [--duration S]}: the {@link Enrichment} streaming job. */
@Command(description = "Joins a generated stream of trades with a reference table of companies (read once, in full) "
        + "and prints each trade with its company's name and sector. Runs until Ctrl-C or --duration.")
final class EnrichmentSample extends StreamingSample {

    @Override
    public String name() {
        return "enrichment";
    }

    @Override
    public String description() {
        return "Joins a stream of trades with a batch table of companies and prints enriched trades (streaming)";
    }

    @Override
    long defaultRate() {
        return 5;
    }

    @Override
    long maxRate() {
        return 1_000_000;
    }

    @Override
    Pipeline pipeline(long rate) {
        return Enrichment.pipeline(Trades.stream(rate, 0), Sources.list(Enrichment.COMPANIES), Sinks.console());
    }
}
