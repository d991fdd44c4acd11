package io.sluice.persistence.snapshot;

import io.sluice.engine.snapshot.CorruptSnapshotException;
import io.sluice.engine.snapshot.SnapshotData;
import io.sluice.engine.snapshot.SnapshotStore;
import io.sluice.engine.snapshot.SnapshotStoreException;
import io.sluice.engine.snapshot.SnapshotStoreSupport;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * A {@link SnapshotStore} in a LevelDB database (native leveldbjni) in one directory, for nodes
 * with a data directory: committed snapshots survive a killed JVM.
 *
 * <pre>{@code
 * try (SnapshotStore store = LevelDbSnapshotStore.open(Path.of("/var/sluice/snapshots"))) {
 *     store.writeChunk("job-1", 8, "count", 3, bytes);
 *     store.commit("job-1", 8);
 * }
 * }</pre>
 *
 * <h2>Key layout</h2>
 * All integers big-endian, so that LevelDB's byte order is numeric order and every level is a
 * prefix scan; a string is its UTF-8 length as 2 bytes followed by the bytes, so that no job or
 * vertex name is a prefix of another's key.
 * <ul>
 *   <li>chunk: {@code 'D' | job | snapshotId (8) | vertex | partition (4) | chunk seq (4)}</li>
 *   <li>commit marker: {@code 'M' | job | snapshotId (8)}, value
 *       {@code [version (1)][commit time millis (8)]}</li>
 *   <li>store format: {@code 0x00 "format"}, value {@code [}{@value #STORE_FORMAT_VERSION}{@code ]}</li>
 * </ul>
 *
 * <h2>Chunk values</h2>
 * {@code [chunk format version (1)][CRC32C (4)][bytes]}; the CRC32C covers the key, the version
 * byte and the bytes, so a damaged value or a value under the wrong key fails the read with a
 * {@link CorruptSnapshotException} naming job, snapshot, vertex and partition.
 *
 * <h2>Durability</h2>
 * Chunks are written without fsync ({@link #writeChunks} as one {@link WriteBatch}); the commit
 * writes the marker and the deletion of older snapshots as one batch with {@code sync = true},
 * which also makes every chunk written before it durable (LevelDB's log is sequential). A crash
 * before the commit leaves the previous committed snapshot; the partial one is deleted when the
 * store is opened again.
 */
public final class LevelDbSnapshotStore implements SnapshotStore {

    /** The version of the key layout, stored under the format key. */
    public static final int STORE_FORMAT_VERSION = 1;
    /** The version byte at the start of every chunk value. */
    public static final int CHUNK_FORMAT_VERSION = 1;

    static final byte CHUNK = 'D';
    static final byte MARKER = 'M';
    static final byte OFFSET = 'O';
    static final byte[] FORMAT_KEY = {0, 'f', 'o', 'r', 'm', 'a', 't'};
    static final int HEADER = 5;
    private static final int MAX_NAME_BYTES = 0xFFFF;
    private static final int DELETE_BATCH = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LevelDbSnapshotStore.class);

    /** The default of {@link #open(Path, long)}'s {@code minFreeBytes}: 64 MiB. */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L << 20;
    /** How long a measurement of the free space is reused. */
    private static final long FREE_SPACE_CHECK_NANOS = 100_000_000L;

    private final Path directory;
    private final DB db;
    private long minFreeBytes = DEFAULT_MIN_FREE_BYTES;
    private long freeBytes = Long.MAX_VALUE;
    private long freeCheckedNanos;
    private final WriteOptions noSync = new WriteOptions().sync(false);
    private final WriteOptions sync = new WriteOptions().sync(true);
    /** The next chunk sequence number per (job, snapshot, vertex, partition) being written. */
    private final Map<Slot, Integer> nextSeq = new HashMap<>();
    /** Last committed snapshot id per job. */
    private final Map<String, Long> lastCommitted = new HashMap<>();
    private boolean closed;

    private record Slot(String jobId, long snapshotId, String vertex, int partition) {
    }

    private LevelDbSnapshotStore(Path directory, DB db) {
        this.directory = directory;
        this.db = db;
    }

    /**
     * Opens (creating if needed) the store in a directory. Snapshots that were being written
     * when the previous process stopped are deleted.
     *
     * <pre>{@code
     * SnapshotStore store = LevelDbSnapshotStore.open(dataDir.resolve("snapshots"));
     * }</pre>
     *
     * @param directory the directory of the LevelDB database; only this store may use it
     * @return the open store
     * @throws SnapshotStoreException if the directory is in use by another process or store
     *                                (LevelDB's lock), cannot be created or written, or holds an
     *                                incompatible format; the message names the directory and
     *                                the fix
     */
    public static LevelDbSnapshotStore open(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null: pass the directory"
                    + " the snapshot store should use, e.g. <data directory>/snapshots");
        }
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SnapshotStoreException("Cannot create the snapshot store directory " + dir
                    + ": " + e + ". Check that the path is a writable directory or choose"
                    + " another data directory.", e);
        }
        Options options = new Options().createIfMissing(true).paranoidChecks(true);
        DB db;
        try {
            db = JniDBFactory.factory.open(dir.toFile(), options);
        } catch (IOException | DBException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.toLowerCase(java.util.Locale.ROOT).contains("lock")) {
                throw new SnapshotStoreException("The snapshot store directory " + dir
                        + " is in use by another Sluice node or store (LevelDB lock "
                        + dir.resolve("LOCK") + " is held: " + msg + "). Stop the other node,"
                        + " or give this node its own data directory.", e);
            }
            throw new SnapshotStoreException("Cannot open the snapshot store in directory " + dir
                    + ": " + msg + ". Check that the directory is writable and holds a Sluice"
                    + " snapshot store (or is empty).", e);
        }
        LevelDbSnapshotStore store = new LevelDbSnapshotStore(dir, db);
        try {
            store.checkFormat();
            store.recover();
        } catch (RuntimeException e) {
            store.closeQuietly();
            throw e;
        }
        return store;
    }

    /**
     * The directory of this store.
     *
     * @return the absolute directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Opens (or creates) the store in {@code directory}, refusing writes while its disk has less
     * than {@code minFreeBytes} free.
     *
     * <pre>{@code
     * SnapshotStore store = LevelDbSnapshotStore.open(Path.of("data/snapshots"), 64L << 20);
     * }</pre>
     *
     * @param minFreeBytes writes fail with a {@link SnapshotStoreException} below this much free space;
     *                     LevelDB writes through memory-mapped files, and one into a full disk kills
     *                     the JVM (SIGBUS) rather than failing
     */
    public static LevelDbSnapshotStore open(Path directory, long minFreeBytes) {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minFreeBytes must be >= 0, but was " + minFreeBytes);
        }
        LevelDbSnapshotStore store = open(directory);
        store.minFreeBytes = minFreeBytes;
        return store;
    }

    /** Fails the write of about {@code bytes} when it would leave less than the minimum free space. */
    private void checkFreeSpace(long bytes, String what) {
        long now = System.nanoTime();
        if (now - freeCheckedNanos > FREE_SPACE_CHECK_NANOS || freeBytes < 2 * (minFreeBytes + bytes)) {
            try {
                freeBytes = Files.getFileStore(directory).getUsableSpace();
            } catch (IOException e) {
                throw failure("measure the free space of its disk", e);
            }
            freeCheckedNanos = now;
        }
        if (freeBytes - bytes < minFreeBytes) {
            throw new SnapshotStoreException("The disk of the snapshot store " + directory + " has " + (freeBytes >> 20)
                    + " MiB free, less than the " + (minFreeBytes >> 20) + " MiB kept free (sluice.min-free-disk-space),"
                    + " so Sluice did not " + what + ". Free disk space or move the data directory to a larger disk;"
                    + " the job goes on and the next snapshot tries again.");
        }
        freeBytes -= bytes;
    }

    @Override
    public synchronized void writeChunk(String jobId, long snapshotId, String vertex,
                                        int partition, byte[] chunk) {
        writeChunks(jobId, snapshotId, vertex, partition, List.of(checkedChunk(chunk,
                jobId, snapshotId, vertex, partition)));
    }

    @Override
    public synchronized void writeChunks(String jobId, long snapshotId, String vertex,
                                         int partition, List<byte[]> chunks) {
        checkOpen();
        if (chunks == null) {
            throw new IllegalArgumentException("chunks must not be null; pass an empty list to"
                    + " write nothing");
        }
        for (byte[] chunk : chunks) {
            SnapshotStoreSupport.checkChunkArgs(jobId, snapshotId, vertex, partition, chunk);
        }
        SnapshotStoreSupport.checkChunkArgs(jobId, snapshotId, vertex, partition, new byte[0]);
        checkNameLength("jobId", jobId);
        checkNameLength("vertex", vertex);
        SnapshotStoreSupport.checkNewer(jobId, snapshotId, lastCommittedOf(jobId),
                "write a chunk to");
        long total = 0;
        for (byte[] chunk : chunks) {
            total += chunk.length;
        }
        checkFreeSpace(total, "write a chunk of job '" + jobId + "', snapshot " + snapshotId + ", vertex '" + vertex + "'");
        Slot slot = new Slot(jobId, snapshotId, vertex, partition);
        int seq = nextSeq.getOrDefault(slot, 0);
        try (WriteBatch batch = db.createWriteBatch()) {
            for (byte[] chunk : chunks) {
                byte[] key = chunkKey(jobId, snapshotId, vertex, partition, seq++);
                batch.put(key, wrap(key, chunk));
            }
            db.write(batch, noSync);
        } catch (IOException | DBException e) {
            throw failure("write a chunk of job '" + jobId + "', snapshot " + snapshotId
                    + ", vertex '" + vertex + "', partition " + partition, e);
        }
        nextSeq.put(slot, seq);
    }

    @Override
    public synchronized void commit(String jobId, long snapshotId) {
        checkOpen();
        SnapshotStoreSupport.checkJobAndSnapshot(jobId, snapshotId);
        checkNameLength("jobId", jobId);
        SnapshotStoreSupport.checkNewer(jobId, snapshotId, lastCommittedOf(jobId), "commit");
        checkFreeSpace(0, "commit snapshot " + snapshotId + " of job '" + jobId + "'");
        try (WriteBatch batch = db.createWriteBatch()) {
            byte[] markerValue = ByteBuffer.allocate(9).put((byte) 1)
                    .putLong(System.currentTimeMillis()).array();
            batch.put(markerKey(jobId, snapshotId), markerValue);
            deleteRange(batch, jobPrefix(CHUNK, jobId), snapshotPrefix(CHUNK, jobId, snapshotId));
            deleteRange(batch, jobPrefix(MARKER, jobId), markerKey(jobId, snapshotId));
            db.write(batch, sync);
        } catch (IOException | DBException e) {
            throw failure("commit snapshot " + snapshotId + " of job '" + jobId + "'", e);
        }
        lastCommitted.put(jobId, snapshotId);
        nextSeq.keySet().removeIf(s -> s.jobId.equals(jobId) && s.snapshotId <= snapshotId);
    }

    @Override
    public synchronized void abort(String jobId, long snapshotId) {
        checkOpen();
        SnapshotStoreSupport.checkJobAndSnapshot(jobId, snapshotId);
        checkNameLength("jobId", jobId);
        if (snapshotId <= lastCommittedOf(jobId)) {
            return;
        }
        byte[] prefix = snapshotPrefix(CHUNK, jobId, snapshotId);
        try (WriteBatch batch = db.createWriteBatch()) {
            deleteRange(batch, prefix, successor(prefix));
            db.write(batch, noSync);
        } catch (IOException | DBException e) {
            throw failure("abort snapshot " + snapshotId + " of job '" + jobId + "'", e);
        }
        nextSeq.keySet().removeIf(s -> s.jobId.equals(jobId) && s.snapshotId == snapshotId);
    }

    @Override
    public synchronized OptionalLong lastCommittedSnapshotId(String jobId) {
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        Long last = lastCommitted.get(jobId);
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }

    @Override
    public synchronized Optional<SnapshotData> readLastCommitted(String jobId) {
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        checkNameLength("jobId", jobId);
        Long last = lastCommitted.get(jobId);
        if (last == null) {
            return Optional.empty();
        }
        TreeMap<String, SortedMap<Integer, List<byte[]>>> chunks = new TreeMap<>();
        byte[] prefix = snapshotPrefix(CHUNK, jobId, last);
        try (DBIterator it = db.iterator(scanOptions())) {
            for (it.seek(prefix); it.hasNext(); ) {
                Entry<byte[], byte[]> e = it.next();
                byte[] key = e.getKey();
                if (!startsWith(key, prefix)) {
                    break;
                }
                ByteBuffer rest = ByteBuffer.wrap(key, prefix.length, key.length - prefix.length);
                String vertex = readString(rest);
                int partition = rest.getInt();
                byte[] chunk = unwrap(key, e.getValue(), jobId, last, vertex, partition);
                chunks.computeIfAbsent(vertex, v -> new TreeMap<>())
                        .computeIfAbsent(partition, p -> new ArrayList<>()).add(chunk);
            }
        } catch (IOException | DBException e) {
            throw failure("read snapshot " + last + " of job '" + jobId + "'", e);
        }
        return Optional.of(new SnapshotData(jobId, last, chunks));
    }

    @Override
    public synchronized List<Long> snapshotIds(String jobId) {
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        checkNameLength("jobId", jobId);
        TreeSet<Long> ids = new TreeSet<>();
        for (byte kind : new byte[] {CHUNK, MARKER}) {
            byte[] prefix = jobPrefix(kind, jobId);
            try (DBIterator it = db.iterator(scanOptions())) {
                it.seek(prefix);
                while (it.hasNext()) {
                    byte[] key = it.peekNext().getKey();
                    if (!startsWith(key, prefix)) {
                        break;
                    }
                    long id = ByteBuffer.wrap(key, prefix.length, 8).getLong();
                    ids.add(id);
                    it.seek(successor(snapshotPrefix(kind, jobId, id)));
                }
            } catch (IOException | DBException e) {
                throw failure("list the snapshots of job '" + jobId + "'", e);
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public synchronized Set<String> jobIds() {
        checkOpen();
        TreeSet<String> ids = new TreeSet<>();
        for (byte kind : new byte[] {CHUNK, MARKER, OFFSET}) {
            try (DBIterator it = db.iterator(scanOptions())) {
                it.seek(new byte[] {kind});
                while (it.hasNext()) {
                    byte[] key = it.peekNext().getKey();
                    if (key.length == 0 || key[0] != kind) {
                        break;
                    }
                    String job = readString(ByteBuffer.wrap(key, 1, key.length - 1));
                    ids.add(job);
                    it.seek(successor(jobPrefix(kind, job)));
                }
            } catch (IOException | DBException e) {
                throw failure("list the jobs", e);
            }
        }
        return ids;
    }

    @Override
    public synchronized void writeSourceOffset(String jobId, String vertex, int instance, byte[] chunk) {
        checkOpen();
        SnapshotStoreSupport.checkChunkArgs(jobId, 0, vertex, instance, chunk);
        checkNameLength("jobId", jobId);
        checkNameLength("vertex", vertex);
        checkFreeSpace(chunk.length, "record the offset of source '" + vertex + "' of job '" + jobId + "'");
        byte[] key = offsetKey(jobId, vertex, instance);
        try {
            db.put(key, wrap(key, chunk), noSync);
        } catch (DBException e) {
            throw failure("record the offset of source '" + vertex + "' #" + instance + " of job '" + jobId + "'", e);
        }
    }

    @Override
    public synchronized java.util.SortedMap<String, java.util.SortedMap<Integer, byte[]>> readSourceOffsets(String jobId) {
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        checkNameLength("jobId", jobId);
        TreeMap<String, java.util.SortedMap<Integer, byte[]>> result = new TreeMap<>();
        byte[] prefix = jobPrefix(OFFSET, jobId);
        try (DBIterator it = db.iterator(scanOptions())) {
            for (it.seek(prefix); it.hasNext(); ) {
                Map.Entry<byte[], byte[]> e = it.next();
                if (!startsWith(e.getKey(), prefix)) {
                    break;
                }
                ByteBuffer buf = ByteBuffer.wrap(e.getKey(), prefix.length, e.getKey().length - prefix.length);
                String vertex = readString(buf);
                int instance = buf.getInt();
                result.computeIfAbsent(vertex, v -> new TreeMap<>())
                      .put(instance, unwrap(e.getKey(), e.getValue(), jobId, -1, vertex, instance));
            }
        } catch (IOException | DBException e) {
            throw failure("read the source offsets of job '" + jobId + "'", e);
        }
        return result;
    }

    static byte[] offsetKey(String jobId, String vertex, int instance) {
        byte[] job = jobPrefix(OFFSET, jobId);
        byte[] v = vertex.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(job.length + 2 + v.length + 4).put(job).putShort((short) v.length).put(v)
                .putInt(instance).array();
    }

    @Override
    public synchronized void deleteJob(String jobId) {
        checkOpen();
        SnapshotStoreSupport.checkJobId(jobId);
        checkNameLength("jobId", jobId);
        try (WriteBatch batch = db.createWriteBatch()) {
            for (byte kind : new byte[] {CHUNK, MARKER, OFFSET}) {
                byte[] prefix = jobPrefix(kind, jobId);
                deleteRange(batch, prefix, successor(prefix));
            }
            db.write(batch, sync);
        } catch (IOException | DBException e) {
            throw failure("delete the snapshots of job '" + jobId + "'", e);
        }
        lastCommitted.remove(jobId);
        nextSeq.keySet().removeIf(s -> s.jobId.equals(jobId));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                db.close();
            } catch (IOException e) {
                throw new SnapshotStoreException("Cannot close the snapshot store in " + directory
                        + ": " + e.getMessage(), e);
            }
        }
    }

    // ---- opening

    private void checkFormat() {
        byte[] format = db.get(FORMAT_KEY);
        if (format == null) {
            db.put(FORMAT_KEY, new byte[] {STORE_FORMAT_VERSION}, sync);
        } else if (format.length != 1 || format[0] != STORE_FORMAT_VERSION) {
            throw new SnapshotStoreException("The snapshot store in directory " + directory
                    + " was written in format " + (format.length == 1 ? format[0] : "?")
                    + ", this version of Sluice reads format " + STORE_FORMAT_VERSION
                    + ". Use a data directory written by a matching Sluice version, or move this"
                    + " one away to start without snapshots.");
        }
    }

    /** Loads the last committed snapshot of every job and deletes the uncommitted ones. */
    private void recover() {
        try (DBIterator it = db.iterator(scanOptions())) {
            byte[] start = {MARKER};
            for (it.seek(start); it.hasNext(); ) {
                byte[] key = it.next().getKey();
                if (key[0] != MARKER) {
                    break;
                }
                ByteBuffer buf = ByteBuffer.wrap(key, 1, key.length - 1);
                String job = readString(buf);
                lastCommitted.merge(job, buf.getLong(), Math::max);
            }
        } catch (IOException | DBException e) {
            throw failure("read the commit markers", e);
        }
        // delete chunks of snapshots that never committed, in batches
        Map<String, Map<Long, Integer>> discarded = new TreeMap<>();
        try (DBIterator it = db.iterator(scanOptions())) {
            WriteBatch batch = db.createWriteBatch();
            int inBatch = 0;
            try {
                for (it.seek(new byte[] {CHUNK}); it.hasNext(); ) {
                    byte[] key = it.next().getKey();
                    if (key[0] != CHUNK) {
                        break;
                    }
                    ByteBuffer buf = ByteBuffer.wrap(key, 1, key.length - 1);
                    String job = readString(buf);
                    long id = buf.getLong();
                    Long last = lastCommitted.get(job);
                    if (last == null || id != last) {
                        batch.delete(key);
                        discarded.computeIfAbsent(job, j -> new TreeMap<>()).merge(id, 1, Integer::sum);
                        if (++inBatch == DELETE_BATCH) {
                            db.write(batch, noSync);
                            batch.close();
                            batch = db.createWriteBatch();
                            inBatch = 0;
                        }
                    }
                }
                db.write(batch, sync);
            } finally {
                batch.close();
            }
        } catch (IOException | DBException e) {
            throw failure("delete uncommitted snapshots", e);
        }
        discarded.forEach((job, ids) -> ids.forEach((id, n) -> LOG.info(
                "Snapshot store {}: deleted snapshot {} of job '{}' ({} chunks): it was not"
                        + " committed before the previous run stopped", directory, id, job, n)));
    }

    // ---- chunk values

    static byte[] wrap(byte[] key, byte[] chunk) {
        byte[] value = new byte[HEADER + chunk.length];
        value[0] = CHUNK_FORMAT_VERSION;
        System.arraycopy(chunk, 0, value, HEADER, chunk.length);
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(value[0]);
        crc.update(chunk);
        ByteBuffer.wrap(value, 1, 4).putInt((int) crc.getValue());
        return value;
    }

    private static byte[] unwrap(byte[] key, byte[] value, String jobId, long snapshotId,
                                 String vertex, int partition) {
        if (value.length < HEADER) {
            throw new CorruptSnapshotException(jobId, snapshotId, vertex, partition,
                    "the stored chunk is truncated (" + value.length + " bytes, a chunk has at"
                            + " least a " + HEADER + "-byte header)");
        }
        if (value[0] != CHUNK_FORMAT_VERSION) {
            throw new CorruptSnapshotException(jobId, snapshotId, vertex, partition,
                    "unknown chunk format version " + value[0] + " (this version of Sluice"
                            + " reads version " + CHUNK_FORMAT_VERSION + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(value, 0, 1);
        crc.update(value, HEADER, value.length - HEADER);
        int stored = ByteBuffer.wrap(value, 1, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new CorruptSnapshotException(jobId, snapshotId, vertex, partition,
                    String.format("checksum mismatch (stored CRC32C %08x, computed %08x)",
                            stored, (int) crc.getValue()));
        }
        byte[] chunk = new byte[value.length - HEADER];
        System.arraycopy(value, HEADER, chunk, 0, chunk.length);
        return chunk;
    }

    // ---- keys

    static byte[] jobPrefix(byte kind, String jobId) {
        byte[] job = jobId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(3 + job.length).put(kind).putShort((short) job.length).put(job)
                .array();
    }

    static byte[] snapshotPrefix(byte kind, String jobId, long snapshotId) {
        byte[] job = jobPrefix(kind, jobId);
        return ByteBuffer.allocate(job.length + 8).put(job).putLong(snapshotId).array();
    }

    static byte[] markerKey(String jobId, long snapshotId) {
        return snapshotPrefix(MARKER, jobId, snapshotId);
    }

    static byte[] chunkKey(String jobId, long snapshotId, String vertex, int partition, int seq) {
        byte[] snap = snapshotPrefix(CHUNK, jobId, snapshotId);
        byte[] v = vertex.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(snap.length + 2 + v.length + 8).put(snap)
                .putShort((short) v.length).put(v).putInt(partition).putInt(seq).array();
    }

    private static String readString(ByteBuffer buf) {
        int len = buf.getShort() & 0xFFFF;
        byte[] bytes = new byte[len];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The smallest key greater than every key that starts with {@code prefix}. */
    static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xFF) {
                next[i]++;
                return java.util.Arrays.copyOf(next, i + 1);
            }
        }
        throw new IllegalArgumentException("no successor of an all-0xFF prefix");
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length
                && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Adds a delete of every key in [from, to) to the batch. */
    private void deleteRange(WriteBatch batch, byte[] from, byte[] to) throws IOException {
        try (DBIterator it = db.iterator(scanOptions())) {
            for (it.seek(from); it.hasNext(); ) {
                byte[] key = it.next().getKey();
                if (java.util.Arrays.compareUnsigned(key, to) >= 0) {
                    break;
                }
                batch.delete(key);
            }
        }
    }

    // ---- helpers

    private static ReadOptions scanOptions() {
        return new ReadOptions().fillCache(false).verifyChecksums(true);
    }

    private long lastCommittedOf(String jobId) {
        Long last = lastCommitted.get(jobId);
        return last == null ? -1 : last;
    }

    private static byte[] checkedChunk(byte[] chunk, String jobId, long snapshotId, String vertex,
                                       int partition) {
        SnapshotStoreSupport.checkChunkArgs(jobId, snapshotId, vertex, partition, chunk);
        return chunk;
    }

    private static void checkNameLength(String what, String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_NAME_BYTES
                    + " bytes in UTF-8 (" + name.substring(0, 40) + "...): use a shorter name");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the snapshot store in " + directory + " is closed");
        }
    }

    private SnapshotStoreException failure(String action, Exception e) {
        return new SnapshotStoreException("Cannot " + action + " in the snapshot store "
                + directory + ": " + e.getMessage(), e);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.debug("closing {} after a failed open", directory, e);
        }
    }
}
