package io.sluice.actors;

import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.sluice.actors.JobLifecycleTest.await;
import static io.sluice.actors.JobLifecycleTest.dag;
import static io.sluice.actors.JobLifecycleTest.received;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nodes on a data directory: the LevelDB journal survives the node, and bad directories stop start-up clearly. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DataDirectoryTest {

    private static Sluice node(Path dir) {
        return Sluice.embedded(SluiceConfig.defaults().withNodeName("data-test").withParallelism(2)
                .withDataDirectory(dir));
    }

    @Test
    void when_nodeRestartsOnSameDirectory_then_liveJobsResume_and_endedJobsDoNotRerun(@TempDir Path dir) {
        String streamKey = UUID.randomUUID().toString();
        String batchKey = UUID.randomUUID().toString();
        String cancelledKey = UUID.randomUUID().toString();
        Job firstStream;
        try (Sluice first = node(dir)) {
            assertTrue(first.config().getString("pekko.persistence.journal.plugin").endsWith("leveldb"));
            first.newJob(dag(batchKey, 500, 0), JobConfig.named("batch")).join();
            Job cancelled = first.newJob(dag(cancelledKey, -1, 0), JobConfig.named("cancelled"));
            Job stream = first.newJob(dag(streamKey, -1, 0), JobConfig.named("stream"));
            await("the stream job runs", () -> stream.status() == JobStatus.RUNNING && received(streamKey) > 0);
            cancelled.cancel();
            assertThrows(JobCancelledException.class, cancelled::join);
            firstStream = stream;
        }
        IllegalStateException closed = assertThrows(IllegalStateException.class, firstStream::join);
        assertTrue(closed.getMessage().contains("resumes when a node starts again on the data directory"),
                closed.getMessage());
        assertEquals(500, received(batchKey));
        long cancelledItems = received(cancelledKey);

        try (Sluice second = node(dir)) {
            assertTrue(second.getJob("batch").isEmpty(), "a completed job is not resumed");
            assertTrue(second.getJob("cancelled").isEmpty(), "a cancelled job is not resumed");
            Job stream = second.getJob("stream").orElseThrow();
            long before = received(streamKey);
            await("the stream job runs again", () -> stream.status() == JobStatus.RUNNING && received(streamKey) > before);
            List<JobExecutionInfo> executions = stream.executions();
            assertEquals(2, executions.size(), executions.toString());
            assertEquals("the node stopped", executions.get(0).outcome());
            assertTrue(stream == second.newJobIfAbsent(dag(streamKey, -1, 0), JobConfig.named("stream")),
                    "newJobIfAbsent reattaches to the resumed job");

            stream.suspend();
            await("the stream job is suspended", () -> stream.status() == JobStatus.SUSPENDED);
        }
        assertEquals(500, received(batchKey), "the batch job did not run again");
        assertEquals(cancelledItems, received(cancelledKey), "the cancelled job did not run again");

        try (Sluice third = node(dir)) {
            Job stream = third.getJob("stream").orElseThrow();
            assertEquals(JobStatus.SUSPENDED, stream.status(), "a suspended job stays suspended");
            stream.resume();
            await("the stream job runs", () -> stream.status() == JobStatus.RUNNING);
            stream.cancel();
            assertThrows(JobCancelledException.class, stream::join);
            assertEquals(3, stream.executions().size(), stream.executions().toString());
            assertEquals("suspended", stream.executions().get(1).outcome());
        }
        try (Sluice fourth = node(dir)) {
            assertTrue(fourth.getJob("stream").isEmpty(), "the cancelled job is gone");
        }
    }

    @Test
    void when_directoryInUseByRunningNode_then_startFailsNamingIt(@TempDir Path dir) {
        try (Sluice first = node(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> node(dir));
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("in use by another running Sluice node"), e.getMessage());
            first.newJob(dag(UUID.randomUUID().toString(), 10, 0), JobConfig.named("still works")).join();
        }
        node(dir).close(); // free again once the first node closed
    }

    @Test
    void when_directoryCannotBeCreated_then_startFailsNamingIt(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Path dir = file.resolve("data");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> node(dir));

        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be created or written"), e.getMessage());
    }

    @Test
    void when_directoryHasOtherFormatVersion_then_startFailsNamingIt(@TempDir Path dir) throws Exception {
        node(dir).close();
        assertEquals("1", Files.readString(dir.resolve("sluice-format")).trim());
        Files.writeString(dir.resolve("sluice-format"), "99\n");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> node(dir));

        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("incompatible Sluice format version 99"), e.getMessage());
        assertTrue(e.getMessage().contains("new, empty data directory"), e.getMessage());
    }

    @Test
    void when_journalIsDamaged_then_startFailsFastNamingIt(@TempDir Path dir) throws Exception {
        try (Sluice sluice = node(dir)) {
            sluice.newJob(dag(UUID.randomUUID().toString(), 10, 0), JobConfig.named("x")).join();
        }
        Files.writeString(dir.resolve("journal").resolve("CURRENT"), "garbage");
        long start = System.nanoTime();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> node(dir));

        assertTrue(e.getMessage().contains(dir.resolve("journal").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be opened"), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "no recovery timeout");
        Files.writeString(dir.resolve("sluice-format"), "1\n"); // the directory is not locked any more
    }

    @Test
    void when_dataDirectoryInConfig_then_itIsUsed(@TempDir Path dir) {
        SluiceConfig config = SluiceConfig.defaults().withNodeName("data-conf").withParallelism(1)
                .withConfig(com.typesafe.config.ConfigFactory.parseString(
                        "sluice.data-directory = \"" + dir.toString().replace("\\", "\\\\") + "\""));
        try (Sluice sluice = Sluice.embedded(config)) {
            sluice.newJob(dag(UUID.randomUUID().toString(), 10, 0), JobConfig.named("x")).join();
        }
        assertTrue(Files.isDirectory(dir.resolve("journal")));
        assertTrue(Files.isDirectory(dir.resolve("snapshots")));
    }
}
