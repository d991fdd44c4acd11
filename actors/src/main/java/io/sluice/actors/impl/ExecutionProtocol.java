package io.sluice.actors.impl;

import io.sluice.engine.core.Dag;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import io.sluice.engine.snapshot.SnapshotStore;

/**
 * The messages between a job (the event-sourced entity that lives as long as the job) and one
 * execution of it (the coordinator that lives for one run: spawns, wires and watches the stage
 * actors and takes the snapshots). The job starts an execution with a {@link Spec}; the execution
 * reports {@link Event}s; the job answers a taken snapshot with
 * {@link JobCoordinator.SnapshotCommitted} once it has recorded the commit.
 *
 * <p>Snapshot commit, in order: every stage instance wrote its chunks for snapshot {@code n} to the
 * store and acknowledged; the execution reports {@link SnapshotTaken}; the job commits {@code n} in
 * the snapshot store (the atomic commit point: one durable write) and records
 * {@code SnapshotCommitted(n)} in its journal; then it tells the execution, which lets two-phase
 * sinks make their output visible ({@code snapshotCommitFinish}).
 */
final class ExecutionProtocol {
    private ExecutionProtocol() {
    }

    /**
     * What one execution needs.
     *
     * @param jobId              the job's id (the key of its snapshots in the store)
     * @param jobName            the job's name
     * @param executionId        increases with every execution of the job (1, 2, ...)
     * @param dag                the job's DAG
     * @param config             the job's config
     * @param defaultParallelism the node's parallelism, used where neither the vertex nor the config sets one
     * @param store              where snapshots are written and read
     * @param restoreFrom        where the execution's state comes from: nothing (a fresh start), the
     *                           job's last committed snapshot in the store, or an exported snapshot
     * @param firstSnapshotId    the id of the first snapshot this execution takes; ids grow by one
     */
    record Spec(String jobId, String jobName, long executionId, Dag dag, JobConfig config, int defaultParallelism,
                SnapshotStore store, Restore restoreFrom, long firstSnapshotId) {
    }

    /** Where an execution's initial state comes from. */
    sealed interface Restore {
    }

    /** A fresh start: no state. */
    enum Fresh implements Restore {
        INSTANCE
    }

    /** The last committed snapshot of the job, stored under {@code storeKey} (the job id). */
    record LastCommitted(String storeKey) implements Restore {
    }

    /** Events an execution reports to its job. */
    sealed interface Event {
        long executionId();
    }

    /** Every stage instance was started and wired. */
    record ExecutionRunning(long executionId) implements Event {
    }

    /**
     * Every stage instance saved its state for snapshot {@code snapshotId} in the store (not yet
     * committed).
     *
     * @param bytes          the bytes written
     * @param durationMillis from the request to the last acknowledgement
     * @param terminal       the snapshot was asked for with {@link JobCoordinator.TakeSnapshot#terminal()}:
     *                       the execution stops once it is committed
     */
    record SnapshotTaken(long executionId, long snapshotId, long bytes, long durationMillis, boolean terminal)
            implements Event {
    }

    /** A snapshot could not be taken (a state object could not be encoded, the disk is full); the job goes on. */
    record SnapshotFailed(long executionId, long snapshotId, String reason) implements Event {
    }

    /**
     * The execution stopped: every stage instance has ended.
     *
     * @param status {@link JobStatus#COMPLETED}, {@link JobStatus#FAILED} (with {@code cause} and
     *               {@code where}), or {@link JobStatus#CANCELLED} (after {@link JobCoordinator.Cancel}
     *               or after a committed terminal snapshot)
     */
    record ExecutionEnded(long executionId, JobStatus status, Throwable cause, String where) implements Event {
    }
}
