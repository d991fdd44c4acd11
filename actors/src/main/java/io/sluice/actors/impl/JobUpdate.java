package io.sluice.actors.impl;

import io.sluice.engine.job.JobStatus;

/**
 * A change of a job's status, sent by its job entity to the node.
 *
 * @param jobId  the job
 * @param name   the job's name ({@code null} if unknown)
 * @param status the new status
 * @param cause  the failure, for {@link JobStatus#FAILED} (and a suspension after a failure); otherwise {@code null}
 * @param where  where it failed ("stage 'parse' (vertex 'files', instance #1 of 2)"), or {@code null}
 */
record JobUpdate(String jobId, String name, JobStatus status, Throwable cause, String where) {
}
