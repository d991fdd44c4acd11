package io.sluice.samples.cli;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The samples the CLI knows, in the order {@code sluice samples} lists them. */
public final class SampleRegistry {
    private static final List<Sample> SAMPLES = List.of(new WordCountSample(), new TradeMonitorSample(), new EnrichmentSample(),
            new AdClicksSample(), new LedgerSample());

    private SampleRegistry() {
    }

    /** All samples. */
    public static List<Sample> all() {
        return SAMPLES;
    }

    /** The sample called {@code name}, if any. */
    public static Optional<Sample> find(String name) {
        return SAMPLES.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The names of all samples, comma-separated. */
    public static String names() {
        return SAMPLES.stream().map(Sample::name).collect(Collectors.joining(", "));
    }
}
