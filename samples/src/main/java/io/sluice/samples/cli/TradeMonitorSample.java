package io.sluice.samples.cli;

import io.sluice.connectors.Sinks;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.samples.TradeMonitor;
import io.sluice.samples.Trades;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/** {@code sluice run trade-monitor [--rate N] [--duration S]}: the {@link TradeMonitor} streaming job. */
@Command(description = "Generates an out-of-order stream of trades and prints, every second of event time, the volume "
        + "traded per symbol in the last 3 seconds. Runs until Ctrl-C or --duration.")
final class TradeMonitorSample extends StreamingSample {

    @Override
    public String name() {
        return "trade-monitor";
    }

    @Override
    public String description() {
        return "Volume per stock symbol over a sliding 3 s window of an out-of-order trade stream (streaming)";
    }

    @Override
    long defaultRate() {
        return 10_000;
    }

    @Override
    long maxRate() {
        return 10_000_000;
    }

    @Override
    void printHeader(PrintStream out, long rate) {
        out.println("window end  symbol  volume of the last " + TradeMonitor.WINDOW_MILLIS / 1000 + " s (" + rate
                + " trades/s, up to 200 ms out of order; Ctrl-C to stop)");
    }

    @Override
    Pipeline pipeline(long rate) {
        return TradeMonitor.pipeline(Trades.stream(rate, 200), Sinks.<KeyedWindowResult<String, Long>>console(TradeMonitor::format));
    }
}
