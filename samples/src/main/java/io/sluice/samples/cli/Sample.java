package io.sluice.samples.cli;

import io.sluice.actors.SluiceConfig;

import java.io.PrintStream;

/**
 * A sample runnable with {@code sluice run <name> [args]}. Add new ones to {@link SampleRegistry}.
 *
 * <p>Contract: print results (and only results) to {@code out}; return 0 on success. Signal bad
 * arguments by throwing {@link IllegalArgumentException} or a picocli {@code ParameterException}
 * (the CLI exits with 2); anything else thrown is a failure (exit 1). The CLI prints the message
 * as one line on stderr, so messages should name the problem and the fix.
 */
public interface Sample {
    /** The name used on the command line, for example {@code word-count}. */
    String name();

    /** One line saying what the sample does. */
    String description();

    /**
     * Runs the sample.
     *
     * @param args the arguments after the sample's name
     * @param node the settings of the node to start (from the CLI's {@code --config})
     * @param out  where results go (the CLI's stdout)
     * @return the exit code, 0 on success
     */
    int run(String[] args, SluiceConfig node, PrintStream out) throws Exception;
}
