package io.sluice.actors.impl;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.LightArrayRevolverScheduler;
import org.apache.pekko.actor.typed.ActorSystem;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The settings a running node has, read from its live actor system (the scheduler, the classic
 * settings, coordinated shutdown), not from the config we meant to pass.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeSettingsTest {

    @Test
    void when_nodeStarts_then_itRunsWithSluicesPekkoSettings() {
        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("settings-test").withParallelism(2))) {
            assertSluiceSettings(((EmbeddedSluice) sluice).system());
        }
    }

    @Test
    void when_pekkoReferenceConfComesFirstOnTheClasspath_then_sluiceSettingsStillApply() {
        // On the CLI's classpath (samples/target/lib/*, in directory order) Pekko's reference.conf
        // came before Sluice's: Pekko's defaults won (10 ms tick, dead-letter logging, JVM hook).
        try (Sluice sluice = withContextClassLoader(new ReversedResources(getClass().getClassLoader()),
                () -> Sluice.embedded(SluiceConfig.defaults().withNodeName("reversed-classpath").withParallelism(2)))) {
            assertSluiceSettings(((EmbeddedSluice) sluice).system());
        }
    }

    @Test
    void when_applicationConfigSetsPekkoKeys_then_theRunningNodeHasThem() {
        SluiceConfig settings = SluiceConfig.defaults().withNodeName("app-config-test").withParallelism(2)
                .withConfig(ConfigFactory.parseString("pekko.scheduler.tick-duration = 5ms\n"
                        + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = on\n"
                        + "sluice.stage-dispatcher.fork-join-executor.parallelism-max = 7"));
        try (Sluice sluice = Sluice.embedded(settings)) {
            ActorSystem<?> system = ((EmbeddedSluice) sluice).system();
            assertEquals(5, ((LightArrayRevolverScheduler) system.classicSystem().scheduler()).TickDuration().toMillis());
            assertEquals(1, CoordinatedShutdown.get(system).jvmHooksLatch().getCount(), "the JVM hook is registered");
            assertEquals(0, system.settings().classicSettings().LogDeadLetters(), "the other defaults still hold");
            // SluiceConfig's own settings override the application config
            assertEquals(2, sluice.config().getInt("sluice.stage-dispatcher.fork-join-executor.parallelism-max"));
            assertSame(system.settings().config(), sluice.config());
        }
    }

    static void assertSluiceSettings(ActorSystem<?> system) {
        var scheduler = (LightArrayRevolverScheduler) system.classicSystem().scheduler();
        assertEquals(1, scheduler.TickDuration().toMillis(), "scheduler tick (ms)");
        var classic = system.settings().classicSettings();
        assertEquals(0, classic.LogDeadLetters(), "log-dead-letters");
        assertEquals(List.of("org.apache.pekko.event.slf4j.Slf4jLogger"), CollectionConverters.asJava(classic.Loggers()));
        assertEquals(0, CoordinatedShutdown.get(system).jvmHooksLatch().getCount(),
                "JVM shutdown hooks registered by coordinated shutdown (run-by-jvm-shutdown-hook)");
        assertEquals(16, system.settings().config().getInt("pekko.stream.materializer.max-input-buffer-size"));
    }

    private static <T> T withContextClassLoader(ClassLoader loader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Finds resources in the reverse of its parent's order: Pekko's jars before Sluice's classes. */
    private static final class ReversedResources extends ClassLoader {
        ReversedResources(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> urls = new ArrayList<>(Collections.list(getParent().getResources(name)));
            Collections.reverse(urls);
            return Collections.enumeration(urls);
        }

        @Override
        public URL getResource(String name) {
            try {
                Enumeration<URL> urls = getResources(name);
                return urls.hasMoreElements() ? urls.nextElement() : null;
            } catch (IOException e) {
                return null;
            }
        }
    }
}
