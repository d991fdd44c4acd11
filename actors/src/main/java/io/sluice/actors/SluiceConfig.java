package io.sluice.actors;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a node: its name, its default parallelism and its configuration. Immutable; every
 * {@code with..} method returns a copy.
 *
 * <pre>{@code
 * Sluice sluice = Sluice.embedded(SluiceConfig.defaults()
 *         .withParallelism(2)
 *         .withConfigFile(Path.of("conf/node.conf")));
 * }</pre>
 *
 * <h2>How the configuration is layered</h2>
 * A node runs with one Typesafe Config (HOCON) holding Pekko's and Sluice's settings. It is built
 * from these layers, each overriding the ones after it:
 * <ol>
 *   <li>the settings of this object ({@link #parallelism()} sizes {@code sluice.stage-dispatcher},
 *       {@link #withDataDirectory} sets {@code sluice.data-directory});</li>
 *   <li>JVM system properties ({@code -Dpekko.loglevel=DEBUG});</li>
 *   <li>the <em>application config</em>: the file or {@code Config} given to {@link #withConfigFile(Path)}
 *       or {@link #withConfig(Config)}, else what Typesafe Config finds by default
 *       ({@code -Dconfig.file}, {@code -Dconfig.resource}, {@code -Dconfig.url}, else
 *       {@code application.conf} on the classpath, else nothing);</li>
 *   <li>Sluice's defaults, the resource {@code io/sluice/actors/defaults.conf} of sluice-actors: the 1 ms
 *       scheduler tick, logging through SLF4J, no dead-letter logging, no JVM shutdown hook, the stage
 *       dispatcher, the stream buffers;</li>
 *   <li>every {@code reference.conf} on the classpath (Pekko's defaults).</li>
 * </ol>
 * Sluice's defaults are a layer of their own rather than a {@code reference.conf}, so that they hold
 * whatever the order of the classpath. A key under {@code sluice} in the application config that
 * Sluice does not know is an error that names the key (keys inside {@code sluice.stage-dispatcher},
 * a Pekko dispatcher section, are not checked).
 */
public final class SluiceConfig {
    private final String nodeName;
    private final int parallelism;
    /** The application config layer; {@code null}: Typesafe Config's default application config. */
    private final Config application;
    /** {@code null}: {@code sluice.data-directory} of the configuration decides. */
    private final Path dataDirectory;

    private SluiceConfig(String nodeName, int parallelism, Config application, Path dataDirectory) {
        if (nodeName == null || !nodeName.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("nodeName must be letters, digits, '-' or '_' (an actor system name), but was '"
                    + nodeName + "'");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, but was " + parallelism);
        }
        this.nodeName = nodeName;
        this.parallelism = parallelism;
        this.application = application;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Node name "sluice", parallelism = available processors, the default application config
     * ({@code -Dconfig.file} or {@code application.conf}).
     *
     * @return the default settings
     */
    public static SluiceConfig defaults() {
        return new SluiceConfig("sluice", Runtime.getRuntime().availableProcessors(), null, null);
    }

    /**
     * The same settings with another default parallelism.
     *
     * @param parallelism the default local parallelism of vertices, and the size of the stage dispatcher; at least 1
     * @return a copy with that parallelism
     * @throws IllegalArgumentException if {@code parallelism < 1}
     */
    public SluiceConfig withParallelism(int parallelism) {
        return new SluiceConfig(nodeName, parallelism, application, dataDirectory);
    }

    /**
     * The same settings with another node name.
     *
     * @param nodeName the actor system's name: letters, digits, '-' or '_'
     * @return a copy with that name
     * @throws IllegalArgumentException if the name is not a valid actor system name
     */
    public SluiceConfig withNodeName(String nodeName) {
        return new SluiceConfig(nodeName, parallelism, application, dataDirectory);
    }

    /**
     * The same settings with {@code file} as the application config, instead of the default one
     * ({@code -Dconfig.file} or {@code application.conf}). The file is read and checked now.
     *
     * <pre>{@code
     * SluiceConfig.defaults().withConfigFile(Path.of("conf/node.conf"))
     * }</pre>
     *
     * @param file a HOCON file ({@code .json} and {@code .properties} are read as such); its
     *             {@code include}s are resolved relative to it
     * @return a copy with that application config
     * @throws IllegalArgumentException if the file does not exist, cannot be read or parsed, or sets
     *                                  a {@code sluice.*} key that Sluice does not know; the message names the file
     */
    public SluiceConfig withConfigFile(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        return withConfig(NodeConfigLoader.parseFile(file));
    }

    /**
     * The same settings with {@code config} as the application config, instead of the default one.
     * Pass only your own settings (for example from {@code ConfigFactory.parseString(..)} or
     * {@code parseResources(..)}), not {@code ConfigFactory.load()}: that one contains Pekko's
     * {@code reference.conf}, whose values would then override Sluice's defaults.
     *
     * <pre>{@code
     * SluiceConfig.defaults().withConfig(ConfigFactory.parseString("pekko.loglevel = DEBUG"))
     * }</pre>
     *
     * @param config the application config; substitutions are resolved against all layers when the node starts
     * @return a copy with that application config
     * @throws IllegalArgumentException if it sets a {@code sluice.*} key that Sluice does not know
     */
    public SluiceConfig withConfig(Config config) {
        Objects.requireNonNull(config, "config must not be null");
        NodeConfigLoader.checkKnownKeys(config);
        return new SluiceConfig(nodeName, parallelism, config, dataDirectory);
    }

    /**
     * The same settings with a data directory: the node keeps its job journal (Pekko Persistence on
     * LevelDB, in {@code <dir>/journal}) and its snapshots ({@code <dir>/snapshots}) there, and a node
     * started again on the same directory resumes the jobs that were running. Without one (the
     * default, or {@code sluice.data-directory = ""}), journal and snapshots are kept in memory:
     * restarts after a failure still work, but jobs end with the node. Overrides
     * {@code sluice.data-directory} of the application config.
     *
     * <pre>{@code
     * try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withDataDirectory(Path.of("data")))) {
     *     Job job = sluice.newJobIfAbsent(pipeline, JobConfig.named("ledger"));   // reattaches after a restart
     *     job.join();
     * }
     * }</pre>
     *
     * <p>One node at a time may use a directory; the node writes a {@code sluice-format} file at first
     * start and refuses directories of another format version.
     *
     * @param dir the directory; created if missing
     * @return a copy with that data directory
     */
    public SluiceConfig withDataDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir must not be null: pass a directory, or leave the data directory unset to keep"
                + " jobs in memory");
        return new SluiceConfig(nodeName, parallelism, application, dir.toAbsolutePath().normalize());
    }

    /**
     * The data directory set by {@link #withDataDirectory}, or {@code null} ({@code sluice.data-directory}
     * of the configuration then decides; empty means in memory).
     */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The actor system's name. */
    public String nodeName() {
        return nodeName;
    }

    /** The default local parallelism (the number of cores unless set). */
    public int parallelism() {
        return parallelism;
    }

    /**
     * The configuration a node started with these settings runs with: all layers (see the class
     * comment), resolved. {@link Sluice#config()} gives the one a running node has.
     *
     * @return the resolved configuration
     * @throws IllegalArgumentException if the application config cannot be loaded or resolved, or
     *                                  sets a {@code sluice.*} key that Sluice does not know
     */
    public Config toConfig() {
        return NodeConfigLoader.load(parallelism, dataDirectory, application);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SluiceConfig other && nodeName.equals(other.nodeName) && parallelism == other.parallelism
                && Objects.equals(application, other.application) && Objects.equals(dataDirectory, other.dataDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeName, parallelism, application, dataDirectory);
    }

    @Override
    public String toString() {
        return "SluiceConfig[nodeName=" + nodeName + ", parallelism=" + parallelism + ", application config="
                + (application == null ? "default" : application.origin().description())
                + (dataDirectory == null ? "" : ", dataDirectory=" + dataDirectory) + "]";
    }
}
