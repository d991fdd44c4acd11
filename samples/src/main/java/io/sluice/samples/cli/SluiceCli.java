package io.sluice.samples.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The {@code sluice} command line: {@code sluice samples}, {@code sluice run <sample> [args]},
 * {@code sluice settings}.
 *
 * <p>Exit codes: 0 success, 2 usage error (unknown sample or option, bad path, a bad config file),
 * 1 failure (the job failed). An error is one line on stderr; {@code --verbose} (anywhere on the
 * line) adds the stack trace. Results go to stdout, logs to stderr. {@code --config FILE} (anywhere
 * on the line) is the node's application config instead of the default one ({@code -Dconfig.file},
 * which {@code bin/sluice} sets to the repository's {@code application.conf}).
 */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceCli.Version.class,
        description = "Sluice: distributed batch and stream pipelines on Apache Pekko.",
        footer = {"", "Examples:", "  sluice samples", "  sluice run word-count --input books/ --output counts/",
                "  sluice run word-count --help", "  sluice --config my.conf settings"})
public final class SluiceCli implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    private static final String VERBOSE = "--verbose";
    private static final String CONFIG = "--config";

    @Option(names = {"-v", VERBOSE}, scope = ScopeType.INHERIT, description = "print stack traces of errors")
    boolean verbose;

    /** The node's settings; {@code null}: the defaults (the default application config). */
    private SluiceConfig node;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private SluiceCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // Initialise logging on this thread before the actor system logs from its own threads;
        // otherwise SLF4J reports "logging calls during the initialization phase were replayed".
        org.slf4j.LoggerFactory.getILoggerFactory();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line and returns the exit code (for tests and embedding).
     *
     * @param args the arguments
     * @param out  results
     * @param err  errors
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // Known before parsing, so that a parse error can show its stack trace too.
        boolean verbose = Arrays.asList(args).contains(VERBOSE) || (args.length > 0 && args[0].equals("-v"));
        SluiceCli cli = new SluiceCli(out, err);
        CommandLine cl = new CommandLine(cli);
        cl.addSubcommand("samples", new SamplesCommand(out));
        cl.addSubcommand("run", new RunCommand(out));
        cl.addSubcommand("settings", new SettingsCommand(out));
        cl.getSubcommands().get("run").setStopAtPositional(true); // what follows the sample name is the sample's
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            return error(err, verbose, USAGE, oneLine(e.getMessage()) + " (see '" + command + " --help')", e);
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof ParameterException pe) {
                String hint = pe.getCommandLine() == null ? "" : " (see '" + pe.getCommandLine().getCommandSpec().qualifiedName()
                        + " --help')";
                return error(err, verbose, USAGE, oneLine(e.getMessage()) + hint, e);
            }
            if (e instanceof IllegalArgumentException) {
                return error(err, verbose, USAGE, describe(e), e);
            }
            return error(err, verbose, FAILURE, describe(e), e);
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return USAGE;
    }

    @Option(names = CONFIG, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the node's Pekko and Sluice settings (HOCON), instead of the default application config "
                    + "(bin/sluice: the repository's application.conf)")
    void setConfigFile(Path file) {
        try {
            SluiceConfig settings = SluiceConfig.defaults().withConfigFile(file);
            settings.toConfig(); // every check now, before a command starts any work
            node = settings;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, file.toString());
        }
    }

    /** The settings of the node a command starts: from {@code --config FILE}, else the defaults. */
    SluiceConfig nodeSettings() {
        return node != null ? node : SluiceConfig.defaults();
    }

    private static int error(PrintStream err, boolean verbose, int code, String message, Throwable e) {
        err.println("sluice: " + message);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * The message of {@code e} and, when it adds something, of its root cause: a failed job's
     * useful message is usually the cause's ("input directory 'x' does not exist: ...").
     *
     * @param e an exception
     * @return one line
     */
    public static String describe(Throwable e) {
        String message = messageOf(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            String rootMessage = messageOf(root);
            if (!message.contains(rootMessage)) {
                message = message + ": " + rootMessage;
            }
        }
        return oneLine(message);
    }

    private static String messageOf(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Command(name = "samples", mixinStandardHelpOptions = true, description = "Lists the samples.")
    static final class SamplesCommand implements Callable<Integer> {
        private final PrintStream out;

        SamplesCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            int width = SampleRegistry.all().stream().mapToInt(s -> s.name().length()).max().orElse(0);
            for (Sample s : SampleRegistry.all()) {
                out.printf("%-" + width + "s  %s%n", s.name(), s.description());
            }
            return OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs a sample on an embedded node. Arguments after the sample's name are the sample's; "
                    + "see 'sluice run <sample> --help'.")
    static final class RunCommand implements Callable<Integer> {
        private final PrintStream out;

        @Parameters(index = "0", paramLabel = "<sample>", description = "the sample, see 'sluice samples'")
        String sample;

        @Parameters(index = "1..*", paramLabel = "<args>", description = "the sample's arguments")
        List<String> args = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @ParentCommand
        SluiceCli cli;

        RunCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws Exception {
            Sample s = SampleRegistry.find(sample).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown sample '" + sample + "'; available: " + SampleRegistry.names()));
            List<String> sampleArgs = takeGlobalOptions(args);
            return s.run(sampleArgs.toArray(new String[0]), cli.nodeSettings(), out);
        }

        /** The sample's arguments without the global options, which are allowed after the sample's name too. */
        private List<String> takeGlobalOptions(List<String> args) {
            List<String> sampleArgs = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals(CONFIG)) {
                    if (i + 1 == args.size()) {
                        throw new ParameterException(spec.commandLine(), "Missing required parameter for option '" + CONFIG
                                + "' (FILE)");
                    }
                    cli.setConfigFile(Path.of(args.get(++i)));
                } else if (arg.startsWith(CONFIG + "=")) {
                    cli.setConfigFile(Path.of(arg.substring(CONFIG.length() + 1)));
                } else if (!arg.equals(VERBOSE)) {
                    sampleArgs.add(arg);
                }
            }
            return sampleArgs;
        }
    }

    @Command(name = "settings", mixinStandardHelpOptions = true,
            description = {"Starts a node, prints the settings it runs with, and stops it: every sluice.* setting and every "
                    + "pekko.* setting that is not Pekko's default, each with where it comes from (after '#'). "
                    + "The output is HOCON."})
    static final class SettingsCommand implements Callable<Integer> {
        private final PrintStream out;

        @ParentCommand
        SluiceCli cli;

        SettingsCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            try (Sluice sluice = Sluice.embedded(cli.nodeSettings())) {
                printSettings(sluice.config(), out);
            }
            return OK;
        }
    }

    /**
     * Prints every {@code sluice.*} key and the {@code pekko.*} keys that do not come from a
     * reference.conf (Pekko's defaults), each with its origin.
     */
    static void printSettings(Config config, PrintStream out) {
        Config reference = ConfigFactory.defaultReference();
        Map<String, ConfigValue> shown = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            String key = e.getKey();
            ConfigValue value = e.getValue();
            boolean pekkoDefault = reference.hasPath(key) && reference.getValue(key).origin().equals(value.origin());
            if (key.startsWith("sluice.") || key.startsWith("pekko.") && !pekkoDefault) {
                shown.put(key, value);
            }
        }
        out.println("# The settings of a Sluice node: sluice.* and every pekko.* setting that is not Pekko's default.");
        shown.forEach((key, value) -> out.println(key + " = " + value.render(ConfigRenderOptions.concise()) + "  # "
                + originOf(value.origin())));
    }

    private static String originOf(ConfigOrigin origin) {
        String where = origin.filename() != null ? origin.filename() : origin.resource();
        if (where == null) {
            return origin.description();
        }
        return origin.lineNumber() > 0 ? where + ": " + origin.lineNumber() : where;
    }

    /** The version from the build (a filtered resource). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties props = new Properties();
            try (InputStream in = SluiceCli.class.getResourceAsStream("/sluice/samples/version.properties")) {
                if (in != null) {
                    props.load(in);
                }
            }
            return new String[]{"sluice " + props.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
