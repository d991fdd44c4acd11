package io.sluice.actors.impl;

import io.sluice.engine.job.JobStatus;

/**
 * A change of a job's status, sent by its coordinator to the client.
 *
 * @param jobId  the job
 * @param status the new status
 * @param cause  the failure, for {@link JobStatus#FAILED}; otherwise {@code null}
 */
record JobUpdate(String jobId, JobStatus status, Throwable cause) {
}
