package io.sluice.actors;

import io.sluice.engine.job.JobStatus;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A submitted job. A job lives as long as the job: it runs one <em>execution</em> at a time and
 * replaces a failed one under its restart policy ({@code JobConfig.setMaxRestartAttempts}), from its
 * last committed snapshot when it has a processing guarantee. With a data directory it survives the
 * node: {@code Sluice.getJob(name)} on a node started again on the same directory returns it.
 *
 * <pre>{@code
 * Job job = sluice.newJob(pipeline, JobConfig.named("etl"));
 * job.suspend();           // final snapshot (with a processing guarantee), then SUSPENDED
 * job.resume();            // a new execution from that snapshot
 * job.join();              // waits; throws JobFailedException with the cause if it failed
 * }</pre>
 *
 * <p>The operations ({@link #suspend()}, {@link #resume()}, ...) return once the job accepted them;
 * one it refuses (resuming a job that is not suspended, anything on an ended job) throws an
 * {@link IllegalStateException} saying why.
 */
public interface Job {
    /** The job's unique id. */
    String id();

    /** The job's name (from its JobConfig, or generated). */
    String name();

    /** The current status. */
    JobStatus status();

    /**
     * Why the job is suspended, when it was suspended after a failure beyond its restart policy
     * ({@code JobConfig.setSuspendOnFailure(true)}): the failure's text, naming the stage.
     *
     * @return the cause; empty if the job is not suspended or was suspended by {@link #suspend()}
     */
    Optional<String> suspensionCause();

    /**
     * Waits until the job ends. When it returns or throws, no user code of the job runs any more.
     * A failure's message names the stage that threw, its vertex and instance:
     * {@code job 'etl' failed in stage 'parse' (vertex 'files', instance #1 of 2): NumberFormatException: ...}.
     *
     * @throws io.sluice.engine.job.JobFailedException    with the failure as the cause
     * @throws io.sluice.engine.job.JobCancelledException if it was cancelled
     */
    void join();

    /**
     * A future completed when the job completes, or completed exceptionally with a
     * {@link io.sluice.engine.job.JobFailedException} / {@link io.sluice.engine.job.JobCancelledException}.
     */
    CompletableFuture<Void> future();

    /**
     * Asks the job to stop (cancelling an ended job does nothing); returns at once. A suspended or
     * restarting job is cancelled at once. With a running execution, each stage stops at its next
     * item (a thread blocked in user code is interrupted); {@link #join()} then throws JobCancelledException, but only once no
     * user code of the job runs any more, and {@link #status()} turns CANCELLED at the same moment.
     */
    void cancel();

    /**
     * Suspends the job: with a processing guarantee, it takes a final snapshot and stops its
     * execution; without one it just stops it (a resume then starts from the beginning). The status
     * turns {@link JobStatus#SUSPENDED} when the execution has stopped. Suspending a suspended job does nothing.
     *
     * <pre>{@code
     * job.suspend();
     * // ... later, possibly after a node restart on the same data directory:
     * sluice.getJob("etl").orElseThrow().resume();
     * }</pre>
     *
     * @throws IllegalStateException if the job has ended, or is starting or carrying out another operation
     */
    void suspend();

    /**
     * Resumes a suspended job: a new execution from its last committed snapshot.
     *
     * @throws IllegalStateException if the job is not {@link JobStatus#SUSPENDED}
     */
    void resume();

    /**
     * Stops the current execution and starts a new one from the last committed snapshot (from the
     * beginning without a processing guarantee). Not counted as a restart attempt.
     *
     * @throws IllegalStateException if the job has ended or is suspended (use {@link #resume()})
     */
    void restart();

    /**
     * Takes a snapshot and stores a copy of it as {@code name}, for a new job (a new version of this
     * one) to start from: {@code JobConfig.setInitialSnapshotName(name)}. A suspended job exports its
     * last committed snapshot. Returns once the export is stored; an export of the same name is replaced.
     *
     * <pre>{@code
     * job.exportSnapshot("ledger-v1");
     * sluice.newJob(pipelineV2, JobConfig.named("ledger-v2").setInitialSnapshotName("ledger-v1"));
     * }</pre>
     *
     * @param name the export's name; not blank
     * @throws IllegalStateException if the job has ended, or the snapshot failed (the message says why)
     */
    void exportSnapshot(String name);

    /**
     * As {@link #exportSnapshot(String)}, then cancels the job; if the snapshot fails, the job keeps running.
     *
     * @param name the export's name; not blank
     * @throws IllegalStateException if the job has ended, or the snapshot failed
     */
    void cancelAndExportSnapshot(String name);

    /**
     * The job's executions, oldest first (the last 100): each start, resume or restart begins one.
     *
     * @return the history; the last element is the current execution while the job runs
     */
    List<JobExecutionInfo> executions();

    /**
     * The job's committed snapshots, oldest first (the last 100), with duration and size.
     *
     * @return the history; empty for a job without a processing guarantee
     */
    List<JobSnapshotInfo> snapshots();

    /**
     * The source offsets a restart would resume from: for each source vertex and instance, the state
     * the instance saved in the last committed snapshot (a source built with
     * {@code SourceBuilder.createSnapshotFn} saves what that function returns; the file source its
     * files and position), or, under {@code AT_MOST_ONCE}, what it recorded as handed on. An
     * instance that saved several values shows them as a list.
     *
     * <pre>{@code
     * job.sourceOffsets();   // {numbers={0=200000, 1=199744}}
     * }</pre>
     *
     * @return source vertex to (instance to offset); empty for a job without a guarantee or a snapshot
     */
    java.util.SortedMap<String, java.util.SortedMap<Integer, Object>> sourceOffsets();

    /**
     * The id of the last committed snapshot, the one a restart or resume starts from.
     *
     * @return the id; empty if the job has none
     */
    OptionalLong lastCommittedSnapshotId();
}
