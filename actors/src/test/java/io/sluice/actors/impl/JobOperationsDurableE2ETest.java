package io.sluice.actors.impl;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.job.JobStatus;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.sluice.actors.impl.JobOperationsE2ETest.N;
import static io.sluice.actors.impl.JobOperationsE2ETest.SEEN;
import static io.sluice.actors.impl.JobOperationsE2ETest.await;
import static io.sluice.actors.impl.JobOperationsE2ETest.checkExactlyOnce;
import static io.sluice.actors.impl.JobOperationsE2ETest.config;
import static io.sluice.actors.impl.JobOperationsE2ETest.counting;
import static io.sluice.actors.impl.JobOperationsE2ETest.limit;
import static io.sluice.actors.impl.JobOperationsE2ETest.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Job operations across a node restart on the same data directory (LevelDB journal and snapshot
 * store), with the pipeline of {@link JobOperationsE2ETest}: a suspended job stays suspended and
 * resumes from its terminal snapshot; a damaged snapshot chunk fails the job with a message that
 * names the job and the snapshot.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JobOperationsDurableE2ETest {

    private static Sluice node(Path dir) {
        return Sluice.embedded(SluiceConfig.defaults().withNodeName("job-operations-durable").withParallelism(2)
                .withDataDirectory(dir));
    }

    @Test
    void when_nodeClosedWhileSuspended_then_nextNodeKeepsItSuspendedAndResumeContinues(@TempDir Path dir)
            throws Exception {
        String test = "durable-suspend";
        limit(test, N / 2);
        long snapshotId;
        try (Sluice first = node(dir)) {
            Job job = first.newJob(counting(test, test), config(test));
            await("the first half and a snapshot", () -> seen(test) == N / 2 && !job.snapshots().isEmpty());
            job.suspend();
            await("SUSPENDED", () -> job.status() == JobStatus.SUSPENDED);
            snapshotId = job.lastCommittedSnapshotId().getAsLong();
        }
        limit(test, N);
        try (Sluice second = node(dir)) {
            Job job = second.getJob(test).orElseThrow(() -> new AssertionError("the suspended job was not recovered"));
            assertEquals(JobStatus.SUSPENDED, job.status(), "a suspended job stays suspended after a node restart");
            assertEquals(snapshotId, job.lastCommittedSnapshotId().getAsLong());
            Thread.sleep(300); // nothing to await: the absence of progress
            assertEquals(N / 2, seen(test), "the job made progress while suspended");

            // a suspended job exports its last committed snapshot: a copy starts where it stopped
            job.exportSnapshot("durable-suspended");
            assertEquals(JobStatus.SUSPENDED, job.status());
            Job copy = second.newJob(counting(test, test + "-copy"), config(test + "-copy")
                    .setInitialSnapshotName("durable-suspended"));
            copy.join();
            Map<String, AtomicLong> copySeen = SEEN.get(test + "-copy");
            assertEquals(N / 2, copySeen.size(), "the copy processed the second half only: " + copySeen.size());
            for (long k = 0; k < JobOperationsE2ETest.KEYS; k++) {
                long first = N / 2 / JobOperationsE2ETest.KEYS + 1;
                assertTrue(copySeen.containsKey(k + "=" + first), "key " + k + " continues at " + first);
            }

            job.resume();
            job.join();
            assertEquals(2, job.executions().size(), "executions: " + job.executions());
            checkExactlyOnce(SEEN.get(test), true);
        }
    }

    @Test
    void when_snapshotChunkDamagedOnDisk_then_jobFailsNamingJobAndSnapshot(@TempDir Path dir) throws Exception {
        String test = "durable-corrupt";
        limit(test, N / 2);
        long snapshotId;
        try (Sluice first = node(dir)) {
            Job job = first.newJob(counting(test, test), config(test));
            await("the first half and a snapshot", () -> seen(test) == N / 2 && !job.snapshots().isEmpty());
            job.suspend();
            await("SUSPENDED", () -> job.status() == JobStatus.SUSPENDED);
            snapshotId = job.lastCommittedSnapshotId().getAsLong();
        }
        int damaged = damageChunks(dir.resolve("snapshots"), "counter");
        assertTrue(damaged > 0, "no chunk of 'counter' found to damage");

        limit(test, N);
        try (Sluice second = node(dir)) {
            Job job = second.getJob(test).orElseThrow();
            assertEquals(JobStatus.SUSPENDED, job.status());
            job.resume();
            JobFailedException e = assertThrows(JobFailedException.class, job::join);
            String message = e.getMessage();
            assertTrue(message.contains("'" + test + "'"), "names the job: " + message);
            assertTrue(message.contains("snapshot " + snapshotId), "names the snapshot: " + message);
            assertTrue(message.contains("'counter'"), "names the stage: " + message);
            assertTrue(message.contains("checksum"), "says what is wrong: " + message);
            assertTrue(message.contains("backup"), "says what to do: " + message);
            assertEquals(N / 2, seen(test), "nothing ran on the damaged state");
        }
    }

    /** Flips a byte at the end of every chunk value of {@code vertex} (the node is closed: nothing else has the database open). */
    private static int damageChunks(Path snapshots, String vertex) throws Exception {
        byte[] name = vertex.getBytes(StandardCharsets.UTF_8);
        int count = 0;
        try (DB db = JniDBFactory.factory.open(snapshots.toFile(), new Options());
             DBIterator it = db.iterator()) {
            for (it.seekToFirst(); it.hasNext(); ) {
                Map.Entry<byte[], byte[]> e = it.next();
                byte[] key = e.getKey();
                if (key[0] == 'D' && contains(key, name)) {
                    byte[] value = e.getValue().clone();
                    value[value.length - 1] ^= 0x5A;
                    db.put(key, value);
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
