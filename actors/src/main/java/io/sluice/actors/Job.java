package io.sluice.actors;

import io.sluice.engine.job.JobStatus;

import java.util.concurrent.CompletableFuture;

/**
 * A submitted job.
 *
 * <pre>{@code
 * Job job = sluice.newJob(pipeline, JobConfig.named("etl"));
 * job.join();              // waits; throws JobFailedException with the cause if it failed
 * }</pre>
 */
public interface Job {
    /** The job's unique id. */
    String id();

    /** The job's name (from its JobConfig, or generated). */
    String name();

    /** The current status. */
    JobStatus status();

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
     * Asks the job to stop; returns at once. Each stage stops at its next item (a thread blocked in
     * user code is interrupted); {@link #join()} then throws JobCancelledException, but only once no
     * user code of the job runs any more, and {@link #status()} turns CANCELLED at the same moment.
     */
    void cancel();
}
