package io.sluice.persistence.snapshot;

import io.sluice.engine.snapshot.CorruptSnapshotException;
import io.sluice.engine.snapshot.SnapshotStore;
import io.sluice.engine.snapshot.SnapshotStoreException;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract against {@link LevelDbSnapshotStore}, plus what only a durable store does. */
class LevelDbSnapshotStoreTest extends SnapshotStoreContractTest {

    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("snapshots");
    }

    @Override
    protected SnapshotStore newStore() {
        return LevelDbSnapshotStore.open(dir());
    }

    private void reopen() {
        store.close();
        store = LevelDbSnapshotStore.open(dir());
    }

    @Test
    void committedDataSurvivesCloseAndReopen() {
        Random rnd = new Random(21);
        Expected a = writeRandom(store, "a", 4, rnd);
        store.commit("a", 4);
        Expected b = writeRandom(store, "b", 1, rnd);
        store.commit("b", 1);
        reopen();
        a.assertEqualTo(store.readLastCommitted("a").orElseThrow());
        b.assertEqualTo(store.readLastCommitted("b").orElseThrow());
        assertEquals(OptionalLong.of(4), store.lastCommittedSnapshotId("a"));
        assertEquals(List.of(4L), store.snapshotIds("a"));
        // ids keep increasing after a reopen
        assertThrows(IllegalStateException.class, () -> store.commit("a", 4));
        Expected next = writeRandom(store, "a", 5, rnd);
        store.commit("a", 5);
        reopen();
        next.assertEqualTo(store.readLastCommitted("a").orElseThrow());
        assertEquals(List.of(5L), store.snapshotIds("a"));
    }

    @Test
    void crashBeforeCommitLeavesThePreviousSnapshotAndCleansUpThePartialOne() throws Exception {
        Random rnd = new Random(8);
        Expected committed = writeRandom(store, "j", 1, rnd);
        store.commit("j", 1);
        writeRandom(store, "j", 2, rnd);
        writeRandom(store, "fresh", 1, rnd);    // a job that never committed anything
        store.close();                           // no commit of 2: as if the process died
        assertTrue(countChunkKeys("j", 2) > 0, "the partial snapshot reached the files");

        store = LevelDbSnapshotStore.open(dir());
        committed.assertEqualTo(store.readLastCommitted("j").orElseThrow());
        assertEquals(List.of(1L), store.snapshotIds("j"));
        assertEquals(List.of(), store.snapshotIds("fresh"));
        assertEquals(java.util.Set.of("j"), store.jobIds());
        // the partial snapshot's id can be written again from its first chunk
        Expected retried = new Expected();
        store.writeChunk("j", 2, "v", 0, new byte[] {42});
        retried.add("v", 0, new byte[] {42});
        store.commit("j", 2);
        retried.assertEqualTo(store.readLastCommitted("j").orElseThrow());
        store.close();
        store = null;
        assertEquals(0, countChunkKeys("j", 1), "retention deleted snapshot 1");
        assertEquals(1, countChunkKeys("j", 2));
        assertEquals(0, countChunkKeys("fresh", 1), "the partial snapshot was deleted on open");
    }

    @Test
    void corruptChunkFailsTheReadNamingJobSnapshotVertexAndPartition() throws Exception {
        store.writeChunk("job-x", 3, "counter", 0, new byte[] {1, 2, 3});
        store.writeChunk("job-x", 3, "counter", 7, "some state".getBytes(StandardCharsets.UTF_8));
        store.commit("job-x", 3);
        store.close();
        byte[] key = LevelDbSnapshotStore.chunkKey("job-x", 3, "counter", 7, 0);
        rewriteRaw(key, v -> {
            byte[] copy = v.clone();
            copy[LevelDbSnapshotStore.HEADER + 2] ^= 0x20;     // one flipped bit in the payload
            return copy;
        });
        store = LevelDbSnapshotStore.open(dir());
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> store.readLastCommitted("job-x"));
        assertTrue(e.getMessage().contains("job 'job-x'"), e.getMessage());
        assertTrue(e.getMessage().contains("snapshot 3"), e.getMessage());
        assertTrue(e.getMessage().contains("vertex 'counter'"), e.getMessage());
        assertTrue(e.getMessage().contains("partition 7"), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertEquals("job-x", e.jobId());
        assertEquals(3, e.snapshotId());
        assertEquals("counter", e.vertex());
        assertEquals(7, e.partition());

        // truncated value and unknown chunk format version
        store.close();
        rewriteRaw(key, v -> new byte[] {1, 2});
        store = LevelDbSnapshotStore.open(dir());
        e = assertThrows(CorruptSnapshotException.class, () -> store.readLastCommitted("job-x"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        store.close();
        rewriteRaw(key, v -> LevelDbSnapshotStore.wrap(key, new byte[] {9}));
        store = LevelDbSnapshotStore.open(dir());
        assertEquals(1, store.readLastCommitted("job-x").orElseThrow().chunks("counter", 7)
                .get(0).length, "a correctly wrapped value reads again");
        store.close();
        rewriteRaw(key, v -> {
            byte[] copy = v.clone();
            copy[0] = 5;
            return copy;
        });
        store = LevelDbSnapshotStore.open(dir());
        e = assertThrows(CorruptSnapshotException.class, () -> store.readLastCommitted("job-x"));
        assertTrue(e.getMessage().contains("unknown chunk format version 5"), e.getMessage());
    }

    @Test
    void chunkMovedUnderAnotherKeyIsDetected() throws Exception {
        store.writeChunk("j", 1, "v", 0, new byte[] {1});
        store.writeChunk("j", 1, "v", 1, new byte[] {2});
        store.commit("j", 1);
        store.close();
        byte[] p0 = LevelDbSnapshotStore.chunkKey("j", 1, "v", 0, 0);
        byte[] p1 = LevelDbSnapshotStore.chunkKey("j", 1, "v", 1, 0);
        byte[][] value0 = new byte[1][];
        rewriteRaw(p0, v -> {
            value0[0] = v;
            return v;
        });
        rewriteRaw(p1, v -> value0[0]);
        store = LevelDbSnapshotStore.open(dir());
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> store.readLastCommitted("j"));
        assertEquals(1, e.partition());
    }

    @Test
    void secondOpenOfTheSameDirectoryFailsClearly() {
        SnapshotStoreException e = assertThrows(SnapshotStoreException.class,
                () -> LevelDbSnapshotStore.open(dir()));
        String dir = dir().toAbsolutePath().normalize().toString();
        assertTrue(e.getMessage().contains(dir), e.getMessage());
        assertTrue(e.getMessage().contains("in use by another Sluice node"), e.getMessage());
        assertTrue(e.getMessage().contains("Stop the other node"), e.getMessage());
        store.writeChunk("j", 1, "v", 0, new byte[] {1});   // the first store still works
        store.commit("j", 1);
        store.close();
        store = LevelDbSnapshotStore.open(dir());            // and the lock is released on close
        assertEquals(OptionalLong.of(1), store.lastCommittedSnapshotId("j"));
    }

    @Test
    void directoryHeldByAnotherProcessFailsClearly() throws Exception {
        store.close();
        store = null;
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(javaBin.toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(),
                dir().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "the child JVM opened the store");
            SnapshotStoreException e = assertThrows(SnapshotStoreException.class,
                    () -> LevelDbSnapshotStore.open(dir()));
            assertTrue(e.getMessage().contains(dir().toAbsolutePath().normalize().toString()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("in use by another Sluice node"), e.getMessage());
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertEquals(0, child.exitValue());
        store = LevelDbSnapshotStore.open(dir());   // free again once the child exited
    }

    @Test
    void incompatibleFormatOrUnusableDirectoryFailsClearly() throws Exception {
        store.close();
        store = null;
        try (DB raw = JniDBFactory.factory.open(dir().toFile(), new Options())) {
            raw.put(LevelDbSnapshotStore.FORMAT_KEY, new byte[] {9});
        }
        SnapshotStoreException e = assertThrows(SnapshotStoreException.class,
                () -> LevelDbSnapshotStore.open(dir()));
        assertTrue(e.getMessage().contains(dir().toAbsolutePath().normalize().toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("format 9"), e.getMessage());

        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        e = assertThrows(SnapshotStoreException.class, () -> LevelDbSnapshotStore.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void keysSortByJobThenSnapshotIdNumerically() {
        List<byte[]> keys = new ArrayList<>(List.of(
                LevelDbSnapshotStore.chunkKey("j", 256, "v", 0, 0),
                LevelDbSnapshotStore.chunkKey("j", 2, "v", 1, 0),
                LevelDbSnapshotStore.chunkKey("j", 2, "v", 0, 300),
                LevelDbSnapshotStore.chunkKey("j", 2, "v", 0, 2)));
        keys.sort(java.util.Arrays::compareUnsigned);
        assertEquals(2, ByteBuffer.wrap(keys.get(0), keys.get(0).length - 4, 4).getInt());
        assertEquals(300, ByteBuffer.wrap(keys.get(1), keys.get(1).length - 4, 4).getInt());
        assertEquals(1, ByteBuffer.wrap(keys.get(2), keys.get(2).length - 8, 4).getInt());
        assertEquals(256, ByteBuffer.wrap(keys.get(3), 1 + 2 + 1, 8).getLong());
    }

    /** Replaces the stored value of a key through a raw LevelDB handle (store must be closed). */
    private void rewriteRaw(byte[] key, UnaryOperator<byte[]> change) throws IOException {
        try (DB raw = JniDBFactory.factory.open(dir().toFile(), new Options())) {
            byte[] value = raw.get(key);
            assertTrue(value != null, "the key is stored");
            raw.put(key, change.apply(value));
        }
    }

    /** Counts the chunk keys of a snapshot through a raw handle (store must be closed). */
    private long countChunkKeys(String job, long snapshotId) throws IOException {
        byte[] prefix = LevelDbSnapshotStore.snapshotPrefix(LevelDbSnapshotStore.CHUNK, job,
                snapshotId);
        long n = 0;
        try (DB raw = JniDBFactory.factory.open(dir().toFile(), new Options());
             DBIterator it = raw.iterator()) {
            for (it.seek(prefix); it.hasNext(); ) {
                Map.Entry<byte[], byte[]> e = it.next();
                byte[] k = e.getKey();
                if (k.length < prefix.length
                        || !java.util.Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                n++;
            }
        }
        return n;
    }
}
