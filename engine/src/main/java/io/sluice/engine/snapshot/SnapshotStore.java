package io.sluice.engine.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Stores the snapshot data of jobs: stage state and source offsets, in chunks per vertex and per
 * key partition (or instance index), grouped by snapshot.
 *
 * <pre>{@code
 * store.writeChunk("job-1", 8, "count", 0, bytesOfPartition0);
 * store.writeChunk("job-1", 8, "count", 1, bytesOfPartition1);
 * store.writeChunk("job-1", 8, "source", 0, offsetBytes);
 * store.commit("job-1", 8);                      // snapshot 7 (and older) are deleted now
 * SnapshotData s = store.readLastCommitted("job-1").orElseThrow();   // s.snapshotId() == 8
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Snapshot ids of a job increase. A snapshot is <em>being written</em> from its first chunk
 *       until {@link #commit}; chunks can only be written to a snapshot that is newer than the
 *       job's last committed one.</li>
 *   <li>An uncommitted snapshot is never returned by {@link #readLastCommitted}.</li>
 *   <li>Retention: the store keeps the last committed snapshot and the ones being written. When
 *       snapshot {@code n} commits, every snapshot of the job with an id below {@code n},
 *       committed or not, is deleted in the same step.</li>
 *   <li>Chunks of one vertex and partition are returned in the order they were written.</li>
 *   <li>The store does not interpret chunk bytes; an implementation that persists them guards
 *       each with a format version and a checksum and fails reads of damaged chunks with a
 *       {@link CorruptSnapshotException}.</li>
 *   <li>Implementations are thread-safe: instances of a stage write their partitions
 *       concurrently.</li>
 * </ul>
 */
public interface SnapshotStore extends AutoCloseable {

    /**
     * Appends one chunk to a snapshot being written. Chunks of the same vertex and partition
     * are kept in the order of these calls.
     *
     * <pre>{@code
     * store.writeChunk("job-1", 8, "count", 3, codecs.encode(stateOfPartition3));
     * }</pre>
     *
     * @param jobId      the job
     * @param snapshotId the snapshot being written; greater than the job's last committed one
     * @param vertex     the vertex (stage) name
     * @param partition  the key partition or instance index, {@code >= 0}
     * @param chunk      the bytes; the store keeps its own copy
     * @throws IllegalArgumentException if an argument is null, empty or negative
     * @throws IllegalStateException    if the snapshot is not newer than the last committed one
     */
    void writeChunk(String jobId, long snapshotId, String vertex, int partition, byte[] chunk);

    /**
     * Appends several chunks of one vertex and partition at once (one batched write where the
     * implementation supports it).
     *
     * <pre>{@code
     * store.writeChunks("job-1", 8, "count", 3, List.of(part1, part2));
     * }</pre>
     *
     * @param jobId      the job
     * @param snapshotId the snapshot being written; greater than the job's last committed one
     * @param vertex     the vertex (stage) name
     * @param partition  the key partition or instance index, {@code >= 0}
     * @param chunks     the chunks in order
     * @throws IllegalArgumentException if an argument is null, empty or negative
     * @throws IllegalStateException    if the snapshot is not newer than the last committed one
     */
    default void writeChunks(String jobId, long snapshotId, String vertex, int partition,
                             List<byte[]> chunks) {
        if (chunks == null) {
            throw new IllegalArgumentException("chunks must not be null; pass an empty list to"
                    + " write nothing");
        }
        for (byte[] chunk : chunks) {
            writeChunk(jobId, snapshotId, vertex, partition, chunk);
        }
    }

    /**
     * Commits a snapshot: from now on {@link #readLastCommitted} returns it, and every older
     * snapshot of the job (committed or not) is deleted. A snapshot without chunks (a job without
     * state) can be committed. Durable implementations make the commit durable before returning.
     *
     * <pre>{@code
     * store.commit("job-1", 8);
     * }</pre>
     *
     * @param jobId      the job
     * @param snapshotId the snapshot; greater than the job's last committed one
     * @throws IllegalStateException if the snapshot is not newer than the last committed one
     */
    void commit(String jobId, long snapshotId);

    /**
     * Drops a snapshot that is being written (for example when it failed); committed
     * snapshots are left alone. Does nothing if the snapshot has no data.
     *
     * <pre>{@code
     * store.abort("job-1", 9);
     * }</pre>
     *
     * @param jobId      the job
     * @param snapshotId the uncommitted snapshot
     */
    void abort(String jobId, long snapshotId);

    /**
     * The id of the job's last committed snapshot.
     *
     * <pre>{@code
     * long restoreFrom = store.lastCommittedSnapshotId("job-1").orElse(-1);
     * }</pre>
     *
     * @param jobId the job
     * @return the id, empty if the job has no committed snapshot
     */
    OptionalLong lastCommittedSnapshotId(String jobId);

    /**
     * Reads all chunks of the job's last committed snapshot. Snapshots being written are
     * never returned.
     *
     * <pre>{@code
     * store.readLastCommitted("job-1").ifPresent(s -> restore(s.chunks("count", 3)));
     * }</pre>
     *
     * @param jobId the job
     * @return the snapshot, empty if the job has no committed snapshot
     * @throws CorruptSnapshotException if a stored chunk fails its checksum
     */
    Optional<SnapshotData> readLastCommitted(String jobId);

    /**
     * The ids of the snapshots the store holds for a job, committed or being written, in
     * ascending order. By the retention rule this is the last committed one and the ones being
     * written.
     *
     * <pre>{@code
     * store.snapshotIds("job-1");   // [8, 9]: 8 committed, 9 being written
     * }</pre>
     *
     * @param jobId the job
     * @return the ids, ascending; empty for an unknown job
     */
    List<Long> snapshotIds(String jobId);

    /**
     * The jobs that have any snapshot data (committed or being written) or source offsets.
     *
     * <pre>{@code
     * for (String job : store.jobIds()) { ... }   // e.g. resume jobs after a restart
     * }</pre>
     *
     * @return the job ids, sorted
     */
    Set<String> jobIds();

    /**
     * Records the latest offset of one source instance, replacing the one recorded before (for
     * {@code AT_MOST_ONCE}: a source's offset counts as committed once its batch was handed on).
     * Not part of any snapshot; survives the process being killed, but need not be flushed to
     * disk (a power loss may lose the latest records).
     *
     * <pre>{@code
     * store.writeSourceOffset("job-1", "numbers", 0, codecs.encode(offsetPairs));
     * }</pre>
     *
     * @param jobId    the job
     * @param vertex   the source vertex
     * @param instance the source instance's global index, {@code >= 0}
     * @param chunk    the encoded offset; the store keeps its own copy
     */
    void writeSourceOffset(String jobId, String vertex, int instance, byte[] chunk);

    /**
     * The latest source offsets recorded with {@link #writeSourceOffset}, by vertex and instance.
     *
     * <pre>{@code
     * byte[] offset = store.readSourceOffsets("job-1").get("numbers").get(0);
     * }</pre>
     *
     * @param jobId the job
     * @return vertex to (instance to chunk); empty when none were recorded
     * @throws CorruptSnapshotException if a stored offset fails its checksum
     */
    java.util.SortedMap<String, java.util.SortedMap<Integer, byte[]>> readSourceOffsets(String jobId);

    /**
     * Deletes all snapshot data of a job, committed or not, and its source offsets.
     *
     * <pre>{@code
     * store.deleteJob("job-1");   // the job completed or was cancelled
     * }</pre>
     *
     * @param jobId the job
     */
    void deleteJob(String jobId);

    /**
     * Closes the store and releases its resources (files, locks); it cannot be used afterwards.
     * Snapshots not yet committed are not committed by closing.
     */
    @Override
    void close();
}
