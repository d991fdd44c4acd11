package io.sluice.samples.cli;

import io.sluice.connectors.Sinks;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.samples.TradeMonitor;
import io.sluice.samples.Trades;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;

/** {@code sluice run trade-monitor [--rate N] [--duration S]}: the {@link TradeMonitor} streaming job. */
final class TradeMonitorSample implements Sample {

    @Override
    public String name() {
        return "trade-monitor";
    }

    @Override
    public String description() {
        return "Volume per stock symbol over a sliding 3 s window of an out-of-order trade stream (streaming)";
    }

    @Command(name = "sluice run trade-monitor", sortOptions = false,
            description = "Generates an out-of-order stream of trades and prints, every second of event time, the volume "
                    + "traded per symbol in the last 3 seconds. Runs until Ctrl-C or --duration.")
    static final class Options {
        @Option(names = "--rate", paramLabel = "N", defaultValue = "10000",
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
        if (options.rate < 1 || options.rate > 10_000_000) {
            throw new IllegalArgumentException("--rate must be between 1 and 10000000 trades per second, but was " + options.rate);
        }
        if (options.duration < 0) {
            throw new IllegalArgumentException("--duration must be 0 (until Ctrl-C) or a number of seconds, but was "
                    + options.duration);
        }
        out.println("window end  symbol  volume of the last " + TradeMonitor.WINDOW_MILLIS / 1000 + " s ("
                + options.rate + " trades/s, up to 200 ms out of order; Ctrl-C to stop)");
        StreamingSampleSupport.runFor(
                TradeMonitor.pipeline(Trades.stream(options.rate, 200),
                        Sinks.<KeyedWindowResult<String, Long>>console(TradeMonitor::format)),
                "trade-monitor", options.duration);
        return 0;
    }
}
