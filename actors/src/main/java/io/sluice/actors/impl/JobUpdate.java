package io.sluice.actors.impl;

import io.sluice.engine.job.JobStatus;

/**
 * A change of a job's status, sent by its coordinator to the client.
 *
 * @param jobId  the job
 * @param status the new status
 * @param cause  the failure, for {@link JobStatus#FAILED}; otherwise {@code null}
 * @param where  where it failed ("stage 'parse' (vertex 'files', instance #1 of 2)"), or {@code null}
 */
record JobUpdate(String jobId, JobStatus status, Throwable cause, String where) {
}
