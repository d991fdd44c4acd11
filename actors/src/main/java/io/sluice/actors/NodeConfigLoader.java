package io.sluice.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a node's configuration from its layers, highest first: {@link SluiceConfig}'s own
 * settings, system properties, the application config, Sluice's defaults
 * ({@value #DEFAULTS_RESOURCE}), every {@code reference.conf}. See {@link SluiceConfig}.
 *
 * <p>Why not {@code ConfigFactory.load()} with Sluice's settings in a {@code reference.conf}:
 * reference.conf files are merged in classpath order, so whichever jar came first won a key both
 * set, and on the CLI's classpath that was Pekko's. A resource of its own, layered explicitly, wins
 * whatever the order.
 */
final class NodeConfigLoader {
    /** Sluice's defaults, a resource of sluice-actors. */
    static final String DEFAULTS_RESOURCE = "io/sluice/actors/defaults.conf";
    /** Sections of the defaults that are Pekko dispatcher settings: any key is allowed inside. */
    private static final Set<String> OPEN_SECTIONS = Set.of("sluice.stage-dispatcher");

    private NodeConfigLoader() {
    }

    static Config load(int parallelism, java.nio.file.Path dataDirectory, Config application) {
        ClassLoader loader = contextClassLoader();
        Config app;
        try {
            app = application != null ? application : ConfigFactory.defaultApplication(loader);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("the application config cannot be loaded: " + e.getMessage()
                    + " (check -Dconfig.file / -Dconfig.resource / application.conf)", e);
        }
        Config reference = ConfigFactory.defaultReference(loader);
        Config defaults = defaults();
        checkKnownKeys(app, defaults.withFallback(reference).resolve());
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "sluice.stage-dispatcher.fork-join-executor.parallelism-min", parallelism,
                "sluice.stage-dispatcher.fork-join-executor.parallelism-max", parallelism));
        if (dataDirectory != null) {
            settings.put("sluice.data-directory", dataDirectory.toString());
        }
        Config own = ConfigFactory.parseMap(settings, "SluiceConfig");
        try {
            return own.withFallback(ConfigFactory.defaultOverrides(loader))
                      .withFallback(app)
                      .withFallback(defaults)
                      .withFallback(reference)
                      .resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("the node's configuration is invalid: " + e.getMessage(), e);
        }
    }

    /** Reads a config file given by the user, with errors that name it. */
    static Config parseFile(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("config file '" + file + "' does not exist: pass an existing HOCON file "
                    + "(such as the repository's application.conf)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file '" + file + "' is not a regular file: pass a HOCON file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("config file '" + file + "' is not readable: check its permissions");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("config file '" + file + "' cannot be parsed: " + e.getMessage(), e);
        }
    }

    /** Checks that every {@code sluice.*} key of {@code application} is one Sluice knows. */
    static void checkKnownKeys(Config application) {
        checkKnownKeys(application, defaults().withFallback(ConfigFactory.defaultReference(contextClassLoader())).resolve());
    }

    private static void checkKnownKeys(Config application, Config known) {
        ConfigValue sluice = application.root().get("sluice");
        if (sluice == null) {
            return;
        }
        try {
            check(new ArrayList<>(List.of("sluice")), sluice, known);
        } catch (ConfigException.NotResolved e) {
            // an object merged with a substitution: its keys are known only after resolution; not checked
        }
    }

    private static void check(List<String> path, ConfigValue value, Config known) {
        String key = ConfigUtil.joinPath(path);
        if (OPEN_SECTIONS.contains(key)) {
            return;
        }
        if (!known.hasPathOrNull(key)) {
            throw unknownKey(path, value, known);
        }
        if (value instanceof ConfigObject object && known.hasPath(key) && known.getValue(key) instanceof ConfigObject) {
            for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
                path.add(e.getKey());
                check(path, e.getValue(), known);
                path.remove(path.size() - 1);
            }
        }
    }

    private static IllegalArgumentException unknownKey(List<String> path, ConfigValue value, Config known) {
        List<String> parent = path.subList(0, path.size() - 1);
        String parentKey = ConfigUtil.joinPath(parent);
        Set<String> siblings = known.hasPath(parentKey) ? new TreeSet<>(known.getConfig(parentKey).root().keySet()) : Set.of();
        return new IllegalArgumentException("unknown config key '" + ConfigUtil.joinPath(path) + "' ("
                + value.origin().description() + "): Sluice has no such setting; the keys under '" + parentKey + "' are "
                + String.join(", ", siblings) + " (see " + DEFAULTS_RESOURCE + " in sluice-actors)");
    }

    /** Sluice's defaults, from the jar that holds this class (there is one, whatever the context class loader). */
    private static Config defaults() {
        try {
            return ConfigFactory.parseResources(NodeConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                    ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new IllegalStateException("Sluice's defaults (" + DEFAULTS_RESOURCE + ") cannot be read: " + e.getMessage()
                    + "; is sluice-actors' jar complete?", e);
        }
    }

    private static ClassLoader contextClassLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : NodeConfigLoader.class.getClassLoader();
    }
}
