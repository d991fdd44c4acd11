package io.sluice.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link SluiceConfig} layers a node's configuration and rejects what it cannot use. */
class SluiceConfigTest {

    @TempDir
    Path dir;

    @Test
    void when_noApplicationConfig_then_sluiceDefaultsOverPekkoReference() {
        Config c = SluiceConfig.defaults().withParallelism(3).toConfig();

        assertEquals(1, c.getDuration("pekko.scheduler.tick-duration").toMillis());
        assertEquals(0, c.getInt("pekko.log-dead-letters"));
        assertEquals(false, c.getBoolean("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook"));
        assertEquals(3, c.getInt("sluice.stage-dispatcher.fork-join-executor.parallelism-max"));
        assertTrue(c.getValue("pekko.scheduler.tick-duration").origin().description().contains("io/sluice/actors/defaults.conf"),
                c.getValue("pekko.scheduler.tick-duration").origin().description());
        assertEquals(5, c.getInt("pekko.actor.default-dispatcher.throughput"), "Pekko's reference.conf below");
    }

    @Test
    void when_configFile_then_itOverridesDefaultsAndSubstitutesAcrossLayers() throws Exception {
        Path file = Files.writeString(dir.resolve("node.conf"),
                "pekko.loglevel = DEBUG\npekko.stdout-loglevel = ${pekko.loglevel}\nsluice.stage-dispatcher.throughput = 3\n");

        Config c = SluiceConfig.defaults().withConfigFile(file).toConfig();

        assertEquals("DEBUG", c.getString("pekko.loglevel"));
        assertEquals("DEBUG", c.getString("pekko.stdout-loglevel"));
        assertEquals(3, c.getInt("sluice.stage-dispatcher.throughput"));
        assertEquals(1, c.getDuration("pekko.scheduler.tick-duration").toMillis(), "untouched defaults hold");
        assertTrue(c.getValue("pekko.loglevel").origin().description().contains(file.toString()));
    }

    @Test
    void when_unknownSluiceKey_then_errorNamesKeyFileAndKnownKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.conf"), "pekko.loglevel = INFO\nsluice {\n  stage-dispatchr.throughput = 3\n}\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SluiceConfig.defaults().withConfigFile(file));

        assertEquals("unknown config key 'sluice.stage-dispatchr' (" + file + ": 3): Sluice has no such setting; "
                + "the keys under 'sluice' are data-directory, memory, min-free-disk-space, stage-dispatcher (see io/sluice/actors/defaults.conf in sluice-actors)", e.getMessage());
        IllegalArgumentException leaf = assertThrows(IllegalArgumentException.class,
                () -> SluiceConfig.defaults().withConfig(ConfigFactory.parseString("sluice.parallelism = 4")));
        assertTrue(leaf.getMessage().startsWith("unknown config key 'sluice.parallelism' (String: 1)"), leaf.getMessage());
    }

    @Test
    void when_dispatcherSectionGetsOtherExecutorKeys_then_accepted() {
        Config c = SluiceConfig.defaults().withConfig(ConfigFactory.parseString(
                "sluice.stage-dispatcher { executor = thread-pool-executor, thread-pool-executor.fixed-pool-size = 4 }")).toConfig();
        assertEquals(4, c.getInt("sluice.stage-dispatcher.thread-pool-executor.fixed-pool-size"));
    }

    @Test
    void when_configFileMissingUnreadableOrBroken_then_errorNamesTheFile() throws Exception {
        Path missing = dir.resolve("missing.conf");
        assertEquals("config file '" + missing + "' does not exist: pass an existing HOCON file (such as the repository's "
                + "application.conf)", assertThrows(IllegalArgumentException.class,
                () -> SluiceConfig.defaults().withConfigFile(missing)).getMessage());

        assertEquals("config file '" + dir + "' is not a regular file: pass a HOCON file",
                assertThrows(IllegalArgumentException.class, () -> SluiceConfig.defaults().withConfigFile(dir)).getMessage());

        Path broken = Files.writeString(dir.resolve("broken.conf"), "pekko {\n  loglevel = INFO\n");
        String message = assertThrows(IllegalArgumentException.class, () -> SluiceConfig.defaults().withConfigFile(broken))
                .getMessage();
        assertTrue(message.startsWith("config file '" + broken + "' cannot be parsed: " + broken + ": "), message);
    }

    @Test
    void when_unresolvableSubstitution_then_illegalArgument() {
        SluiceConfig settings = SluiceConfig.defaults().withConfig(ConfigFactory.parseString("pekko.loglevel = ${nowhere}"));
        String message = assertThrows(IllegalArgumentException.class, settings::toConfig).getMessage();
        assertTrue(message.startsWith("the node's configuration is invalid: ") && message.contains("nowhere"), message);
    }

    @Test
    void when_settingsCompared_then_byValue() {
        SluiceConfig a = SluiceConfig.defaults().withParallelism(2).withConfig(ConfigFactory.parseString("pekko.loglevel = INFO"));
        SluiceConfig b = SluiceConfig.defaults().withParallelism(2).withConfig(ConfigFactory.parseString("pekko.loglevel = INFO"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("SluiceConfig[nodeName=sluice, parallelism=2, application config=String: 1]", a.toString());
        assertThrows(IllegalArgumentException.class, () -> a.withParallelism(0));
        assertThrows(IllegalArgumentException.class, () -> a.withNodeName("no spaces"));
    }
}
