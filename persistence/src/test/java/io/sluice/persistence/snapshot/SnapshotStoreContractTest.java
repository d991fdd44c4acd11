package io.sluice.persistence.snapshot;

import io.sluice.engine.snapshot.SnapshotData;
import io.sluice.engine.snapshot.SnapshotStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link SnapshotStore} contract, run against every implementation by a subclass.
 * Expected contents are kept in plain Java maps ({@link Expected}) next to the store.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SnapshotStoreContractTest {

    protected SnapshotStore store;

    /** Creates a fresh, empty store for one test. */
    protected abstract SnapshotStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** vertex -> partition -> chunks, as the test wrote them. */
    static final class Expected {
        final TreeMap<String, TreeMap<Integer, List<byte[]>>> chunks = new TreeMap<>();

        void add(String vertex, int partition, byte[] chunk) {
            chunks.computeIfAbsent(vertex, v -> new TreeMap<>())
                    .computeIfAbsent(partition, p -> new ArrayList<>()).add(chunk.clone());
        }

        void assertEqualTo(SnapshotData actual) {
            assertEquals(chunks.keySet(), actual.vertices(), "vertices");
            long bytes = 0;
            for (Map.Entry<String, TreeMap<Integer, List<byte[]>>> v : chunks.entrySet()) {
                assertEquals(v.getValue().keySet(), actual.partitions(v.getKey()),
                        "partitions of " + v.getKey());
                for (Map.Entry<Integer, List<byte[]>> p : v.getValue().entrySet()) {
                    List<byte[]> got = actual.chunks(v.getKey(), p.getKey());
                    assertEquals(p.getValue().size(), got.size(),
                            "chunk count of " + v.getKey() + "/" + p.getKey());
                    for (int i = 0; i < got.size(); i++) {
                        assertArrayEquals(p.getValue().get(i), got.get(i),
                                "chunk " + i + " of " + v.getKey() + "/" + p.getKey());
                        bytes += got.get(i).length;
                    }
                }
            }
            assertEquals(bytes, actual.totalBytes());
        }
    }

    /** Writes a random snapshot (several vertices, partitions, chunks per partition). */
    static Expected writeRandom(SnapshotStore store, String job, long snapshotId, Random rnd) {
        Expected expected = new Expected();
        int vertices = 1 + rnd.nextInt(4);
        for (int n = 0; n < 40; n++) {
            String vertex = "stage-" + rnd.nextInt(vertices);
            int partition = rnd.nextInt(5);
            byte[] chunk = new byte[rnd.nextInt(300)];
            rnd.nextBytes(chunk);
            store.writeChunk(job, snapshotId, vertex, partition, chunk);
            expected.add(vertex, partition, chunk);
        }
        return expected;
    }

    @Test
    void writeCommitRead() {
        for (long seed = 1; seed <= 5; seed++) {
            Random rnd = new Random(seed);
            String job = "job-" + seed;
            Expected expected = writeRandom(store, job, 3, rnd);
            store.commit(job, 3);
            assertEquals(OptionalLong.of(3), store.lastCommittedSnapshotId(job));
            SnapshotData data = store.readLastCommitted(job).orElseThrow();
            assertEquals(job, data.jobId());
            assertEquals(3, data.snapshotId());
            expected.assertEqualTo(data);
            assertEquals(List.of(), data.chunks("no-such-vertex", 0));
        }
    }

    @Test
    void writeChunksInOneCallKeepsOrderAfterSingleWrites() {
        Expected expected = new Expected();
        byte[] a = {1, 2};
        byte[] b = {3};
        byte[] c = {};
        store.writeChunk("j", 1, "v", 0, a);
        expected.add("v", 0, a);
        store.writeChunks("j", 1, "v", 0, List.of(b, c));
        expected.add("v", 0, b);
        expected.add("v", 0, c);
        store.commit("j", 1);
        expected.assertEqualTo(store.readLastCommitted("j").orElseThrow());
    }

    @Test
    void callerMayReuseItsArrays() {
        byte[] chunk = {1, 2, 3};
        store.writeChunk("j", 1, "v", 0, chunk);
        chunk[0] = 9;
        store.commit("j", 1);
        byte[] read = store.readLastCommitted("j").orElseThrow().chunks("v", 0).get(0);
        assertArrayEquals(new byte[] {1, 2, 3}, read);
    }

    @Test
    void uncommittedSnapshotIsInvisible() {
        Random rnd = new Random(42);
        writeRandom(store, "j", 1, rnd);
        assertEquals(Optional.empty(), store.readLastCommitted("j"));
        assertEquals(OptionalLong.empty(), store.lastCommittedSnapshotId("j"));
        assertEquals(List.of(1L), store.snapshotIds("j"));

        store.commit("j", 1);
        Expected first = new Expected();
        first.chunks.putAll(store.readLastCommitted("j").orElseThrow().chunks().entrySet().stream()
                .collect(TreeMap::new, (m, e) -> {
                    TreeMap<Integer, List<byte[]>> parts = new TreeMap<>();
                    e.getValue().forEach((p, l) -> parts.put(p, new ArrayList<>(l)));
                    m.put(e.getKey(), parts);
                }, Map::putAll));
        writeRandom(store, "j", 2, rnd);
        SnapshotData stillFirst = store.readLastCommitted("j").orElseThrow();
        assertEquals(1, stillFirst.snapshotId());
        first.assertEqualTo(stillFirst);
    }

    @Test
    void retentionKeepsLastCommittedAndTheOnesBeingWritten() {
        Random rnd = new Random(7);
        writeRandom(store, "j", 1, rnd);
        store.commit("j", 1);
        assertEquals(List.of(1L), store.snapshotIds("j"));
        for (long n = 2; n <= 6; n++) {
            Expected next = writeRandom(store, "j", n, rnd);
            assertEquals(List.of(n - 1, n), store.snapshotIds("j"), "while " + n + " is written");
            store.commit("j", n);
            assertEquals(List.of(n), store.snapshotIds("j"), "after " + n + " committed");
            next.assertEqualTo(store.readLastCommitted("j").orElseThrow());
        }
        // a newer snapshot being written survives the commit of an older one; an abandoned
        // older uncommitted one does not
        writeRandom(store, "j", 7, rnd);
        Expected eighth = writeRandom(store, "j", 8, rnd);
        Expected ninth = writeRandom(store, "j", 9, rnd);
        assertEquals(List.of(6L, 7L, 8L, 9L), store.snapshotIds("j"));
        store.commit("j", 8);
        assertEquals(List.of(8L, 9L), store.snapshotIds("j"));
        eighth.assertEqualTo(store.readLastCommitted("j").orElseThrow());
        store.commit("j", 9);
        assertEquals(List.of(9L), store.snapshotIds("j"));
        ninth.assertEqualTo(store.readLastCommitted("j").orElseThrow());
    }

    @Test
    void snapshotIdsMustIncrease() {
        store.writeChunk("j", 5, "v", 0, new byte[] {1});
        store.commit("j", 5);
        IllegalStateException write = assertThrows(IllegalStateException.class,
                () -> store.writeChunk("j", 5, "v", 0, new byte[] {2}));
        assertTrue(write.getMessage().contains("snapshot 5 of job 'j'"), write.getMessage());
        assertTrue(write.getMessage().contains("must increase"), write.getMessage());
        assertThrows(IllegalStateException.class, () -> store.commit("j", 4));
        assertThrows(IllegalStateException.class, () -> store.commit("j", 5));
        assertEquals(OptionalLong.of(5), store.lastCommittedSnapshotId("j"));
    }

    @Test
    void emptySnapshotCanBeCommitted() {
        store.writeChunk("j", 1, "v", 0, new byte[] {1});
        store.commit("j", 1);
        store.commit("j", 2);
        SnapshotData data = store.readLastCommitted("j").orElseThrow();
        assertEquals(2, data.snapshotId());
        assertEquals(Set.of(), data.vertices());
        assertEquals(List.of(2L), store.snapshotIds("j"));
        assertEquals(Set.of("j"), store.jobIds());
    }

    @Test
    void abortDropsOnlyTheUncommittedSnapshot() {
        Random rnd = new Random(3);
        Expected first = writeRandom(store, "j", 1, rnd);
        store.commit("j", 1);
        writeRandom(store, "j", 2, rnd);
        store.abort("j", 2);
        store.abort("j", 1);      // committed: left alone
        store.abort("j", 77);     // unknown: nothing
        assertEquals(List.of(1L), store.snapshotIds("j"));
        first.assertEqualTo(store.readLastCommitted("j").orElseThrow());
        // the aborted id can be written again from scratch
        Expected again = new Expected();
        store.writeChunk("j", 2, "x", 0, new byte[] {5});
        again.add("x", 0, new byte[] {5});
        store.commit("j", 2);
        again.assertEqualTo(store.readLastCommitted("j").orElseThrow());
    }

    @Test
    void deleteJobRemovesOnlyThatJob() {
        Random rnd = new Random(11);
        writeRandom(store, "a", 1, rnd);
        store.commit("a", 1);
        writeRandom(store, "a", 2, rnd);
        Expected b = writeRandom(store, "b", 1, rnd);
        store.commit("b", 1);
        assertEquals(Set.of("a", "b"), store.jobIds());
        store.deleteJob("a");
        assertEquals(List.of(), store.snapshotIds("a"));
        assertEquals(Optional.empty(), store.readLastCommitted("a"));
        assertEquals(OptionalLong.empty(), store.lastCommittedSnapshotId("a"));
        assertEquals(Set.of("b"), store.jobIds());
        b.assertEqualTo(store.readLastCommitted("b").orElseThrow());
        // a deleted job can start again at any id
        store.writeChunk("a", 1, "v", 0, new byte[] {1});
        store.commit("a", 1);
        assertEquals(List.of(1L), store.snapshotIds("a"));
        store.deleteJob("never-existed");
    }

    @Test
    void severalJobsAreIsolated() {
        // names that are prefixes of each other, non-ASCII, and the same snapshot ids
        List<String> jobs = List.of("a", "ab", "a\u00e9", "a b", "a/1", "\u65e5\u672c");
        Random rnd = new Random(99);
        Map<String, Expected> expected = new TreeMap<>();
        for (long snap = 1; snap <= 3; snap++) {
            Map<String, Expected> current = new TreeMap<>();
            for (String job : jobs) {
                current.put(job, new Expected());
            }
            for (int n = 0; n < 200; n++) {   // interleaved writes
                String job = jobs.get(rnd.nextInt(jobs.size()));
                String vertex = rnd.nextBoolean() ? "v" : "v2";
                int partition = rnd.nextInt(3);
                byte[] chunk = new byte[1 + rnd.nextInt(50)];
                rnd.nextBytes(chunk);
                store.writeChunk(job, snap, vertex, partition, chunk);
                current.get(job).add(vertex, partition, chunk);
            }
            for (String job : jobs) {
                if (rnd.nextInt(3) > 0 || snap == 1) {
                    store.commit(job, snap);
                    expected.put(job, current.get(job));
                }
            }
        }
        assertEquals(new java.util.TreeSet<>(jobs), store.jobIds());
        for (String job : jobs) {
            expected.get(job).assertEqualTo(store.readLastCommitted(job).orElseThrow());
        }
        store.deleteJob("a");
        for (String job : jobs.subList(1, jobs.size())) {
            expected.get(job).assertEqualTo(store.readLastCommitted(job).orElseThrow());
        }
    }

    @Test
    void largeChunks() {
        Random rnd = new Random(5);
        Expected expected = new Expected();
        for (int i = 0; i < 3; i++) {
            byte[] chunk = new byte[(4 << 20) + rnd.nextInt(4 << 20)];
            rnd.nextBytes(chunk);
            store.writeChunk("big", 1, "window", i % 2, chunk);
            expected.add("window", i % 2, chunk);
        }
        store.commit("big", 1);
        expected.assertEqualTo(store.readLastCommitted("big").orElseThrow());
    }

    @Test
    void concurrentWritersOfDifferentPartitions() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Expected>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int partition = t;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(partition);
                    Expected e = new Expected();
                    for (int i = 0; i < 200; i++) {
                        byte[] chunk = new byte[rnd.nextInt(100)];
                        rnd.nextBytes(chunk);
                        store.writeChunk("j", 1, "v", partition, chunk);
                        e.add("v", partition, chunk);
                    }
                    return e;
                }));
            }
            Expected all = new Expected();
            for (Future<Expected> f : futures) {
                f.get(60, TimeUnit.SECONDS).chunks.forEach((v, parts) -> all.chunks
                        .computeIfAbsent(v, x -> new TreeMap<>()).putAll(parts));
            }
            store.commit("j", 1);
            all.assertEqualTo(store.readLastCommitted("j").orElseThrow());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.writeChunk(null, 1, "v", 0, new byte[0]));
        assertTrue(e.getMessage().contains("jobId"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> store.writeChunk("j", -1, "v", 0, new byte[0]));
        assertTrue(e.getMessage().contains("snapshotId must be >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> store.writeChunk("j", 1, "", 0, new byte[0]));
        assertTrue(e.getMessage().contains("vertex"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> store.writeChunk("j", 1, "v", -2, new byte[0]));
        assertTrue(e.getMessage().contains("partition must be >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> store.writeChunk("j", 1, "v", 0, null));
        assertTrue(e.getMessage().contains("chunk must not be null"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.readLastCommitted(""));
        assertEquals(List.of(), store.snapshotIds("j"));
    }

    @Test
    void closedStoreRefusesUse() {
        store.close();
        assertThrows(IllegalStateException.class, () -> store.snapshotIds("j"));
        store.close();   // idempotent
        store = null;
    }

    @Test
    void when_sourceOffsetsWritten_then_latestPerInstanceIsReadAndDeleteJobRemovesThem() {
        store.writeSourceOffset("job-o", "src", 0, new byte[] {1});
        store.writeSourceOffset("job-o", "src", 0, new byte[] {2});
        store.writeSourceOffset("job-o", "src", 1, new byte[] {3});
        store.writeSourceOffset("job-o", "other", 0, new byte[] {4});
        store.writeSourceOffset("job-p", "src", 0, new byte[] {5});

        var offsets = store.readSourceOffsets("job-o");
        assertEquals(java.util.Set.of("other", "src"), offsets.keySet());
        assertArrayEquals(new byte[] {2}, offsets.get("src").get(0), "the latest offset replaces the earlier one");
        assertArrayEquals(new byte[] {3}, offsets.get("src").get(1));
        assertArrayEquals(new byte[] {4}, offsets.get("other").get(0));
        assertTrue(store.jobIds().contains("job-o"));

        store.deleteJob("job-o");
        assertTrue(store.readSourceOffsets("job-o").isEmpty());
        assertArrayEquals(new byte[] {5}, store.readSourceOffsets("job-p").get("src").get(0), "other jobs keep theirs");
    }
}
