package io.sluice.engine.snapshot;

/**
 * Argument checks shared by the {@link SnapshotStore} implementations (in-memory here, LevelDB
 * in the persistence module, JDBC later), so that all of them reject bad input with the same
 * message.
 */
public final class SnapshotStoreSupport {

    private SnapshotStoreSupport() {
    }

    /**
     * Checks a job id.
     *
     * @param jobId the job id
     * @throws IllegalArgumentException if it is null or empty
     */
    public static void checkJobId(String jobId) {
        if (jobId == null || jobId.isEmpty()) {
            throw new IllegalArgumentException("jobId must be a non-empty string, got "
                    + (jobId == null ? "null" : "\"\""));
        }
    }

    /**
     * Checks a job id and a snapshot id.
     *
     * @param jobId      the job id
     * @param snapshotId the snapshot id
     * @throws IllegalArgumentException if the job id is null or empty or the snapshot id negative
     */
    public static void checkJobAndSnapshot(String jobId, long snapshotId) {
        checkJobId(jobId);
        if (snapshotId < 0) {
            throw new IllegalArgumentException("snapshotId must be >= 0, got " + snapshotId
                    + " for job '" + jobId + "'");
        }
    }

    /**
     * Checks the arguments of {@link SnapshotStore#writeChunk}.
     *
     * @param jobId      the job id
     * @param snapshotId the snapshot id
     * @param vertex     the vertex name
     * @param partition  the partition
     * @param chunk      the chunk
     * @throws IllegalArgumentException naming the bad argument and the job and snapshot
     */
    public static void checkChunkArgs(String jobId, long snapshotId, String vertex, int partition,
                               byte[] chunk) {
        checkJobAndSnapshot(jobId, snapshotId);
        if (vertex == null || vertex.isEmpty()) {
            throw new IllegalArgumentException("vertex must be a non-empty name (job '" + jobId
                    + "', snapshot " + snapshotId + ")");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition
                    + " (job '" + jobId + "', snapshot " + snapshotId + ", vertex '" + vertex
                    + "')");
        }
        if (chunk == null) {
            throw new IllegalArgumentException("chunk must not be null (job '" + jobId
                    + "', snapshot " + snapshotId + ", vertex '" + vertex + "', partition "
                    + partition + "); pass an empty array for no data");
        }
    }

    /**
     * Checks that a snapshot is newer than the job's last committed one.
     *
     * <pre>{@code
     * SnapshotStoreSupport.checkNewer("job-1", 7, 8, "commit");   // throws: ids must increase
     * }</pre>
     *
     * @param jobId         the job id
     * @param snapshotId    the snapshot to write or commit
     * @param lastCommitted the last committed snapshot id, -1 if none
     * @param action        the verb for the message, e.g. "commit"
     * @throws IllegalStateException if {@code snapshotId <= lastCommitted}
     */
    public static void checkNewer(String jobId, long snapshotId, long lastCommitted, String action) {
        if (snapshotId <= lastCommitted) {
            throw new IllegalStateException("cannot " + action + " snapshot " + snapshotId
                    + " of job '" + jobId + "': the job's last committed snapshot is "
                    + lastCommitted + " and snapshot ids must increase; use an id above "
                    + lastCommitted);
        }
    }
}
