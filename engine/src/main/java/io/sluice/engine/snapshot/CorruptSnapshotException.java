package io.sluice.engine.snapshot;

/**
 * A stored snapshot chunk failed its checksum or has an unknown format version. It names the
 * job, snapshot, vertex and partition so that recovery can fall back to an earlier snapshot or
 * report precisely what cannot be restored.
 */
public class CorruptSnapshotException extends SnapshotStoreException {

    private static final long serialVersionUID = 1L;

    private final String jobId;
    private final long snapshotId;
    private final String vertex;
    private final String problem;
    private final int partition;

    /**
     * Creates the exception.
     *
     * @param jobId      the job whose snapshot is corrupt
     * @param snapshotId the snapshot
     * @param vertex     the vertex whose chunk is corrupt
     * @param partition  the key partition or instance index of the chunk
     * @param problem    what is wrong with the chunk, e.g. "checksum mismatch"
     */
    public CorruptSnapshotException(String jobId, long snapshotId, String vertex, int partition,
                                    String problem) {
        super("Corrupt snapshot chunk: job '" + jobId + "', snapshot " + snapshotId + ", vertex '"
                + vertex + "', partition " + partition + ": " + problem
                + ". This snapshot cannot be restored; recover from an earlier snapshot or start"
                + " the job without its state.");
        this.jobId = jobId;
        this.snapshotId = snapshotId;
        this.vertex = vertex;
        this.partition = partition;
        this.problem = problem;
    }

    /** @return what is wrong with the chunk, e.g. "checksum mismatch (stored CRC32C .., computed ..)" */
    public String problem() {
        return problem;
    }

    /** @return the job whose snapshot is corrupt */
    public String jobId() {
        return jobId;
    }

    /** @return the corrupt snapshot's id */
    public long snapshotId() {
        return snapshotId;
    }

    /** @return the vertex whose chunk is corrupt */
    public String vertex() {
        return vertex;
    }

    /** @return the key partition or instance index of the corrupt chunk */
    public int partition() {
        return partition;
    }
}
