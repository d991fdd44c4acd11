package io.sluice.samples.cli;

import io.sluice.actors.SluiceConfig;
import io.sluice.engine.pipeline.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintStream;

/**
 * A streaming sample: a generated stream at {@code --rate} items per second, run until Ctrl-C or
 * for {@code --duration} seconds, then cancelled. Subclasses give the pipeline, the default rate
 * and a picocli {@code @Command} annotation for the help text.
 */
abstract class StreamingSample implements Sample {

    /** Options common to streaming samples. */
    static class Options {
        @Option(names = "--rate", paramLabel = "N", description = "items per second (default: ${DEFAULT-VALUE})")
        long rate;

        @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
                description = "stop after this many seconds; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE})")
        long duration;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;
    }

    /** The default of {@code --rate}. */
    abstract long defaultRate();

    /** The highest {@code --rate} accepted. */
    abstract long maxRate();

    /** The job to run at {@code rate} items per second. */
    abstract Pipeline pipeline(long rate);

    /** A line printed before the results start (or nothing). */
    void printHeader(PrintStream out, long rate) {
    }

    @Override
    public int run(String[] args, SluiceConfig node, PrintStream out) throws Exception {
        Options options = new Options();
        options.rate = defaultRate();
        CommandLine cl = new CommandLine(options);
        cl.getCommandSpec().name("sluice run " + name());
        cl.getCommandSpec().usageMessage().description(getClass().getAnnotation(CommandLine.Command.class).description());
        cl.parseArgs(args);
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return 0;
        }
        if (options.rate < 1 || options.rate > maxRate()) {
            throw new IllegalArgumentException("--rate must be between 1 and " + maxRate() + " items per second, but was "
                    + options.rate);
        }
        if (options.duration < 0) {
            throw new IllegalArgumentException("--duration must be 0 (until Ctrl-C) or a number of seconds, but was "
                    + options.duration);
        }
        printHeader(out, options.rate);
        StreamingSampleSupport.runFor(node, pipeline(options.rate), name(), options.duration);
        return 0;
    }
}
