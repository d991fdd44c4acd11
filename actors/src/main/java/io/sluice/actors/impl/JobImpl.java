package io.sluice.actors.impl;

import io.sluice.actors.Job;
import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.job.JobStatus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The client's handle of a job; its status follows the coordinator's {@link JobUpdate}s. */
final class JobImpl implements Job {
    private final String id;
    private final String name;
    private final Runnable cancelAction;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private volatile JobStatus status = JobStatus.STARTING;

    JobImpl(String id, String name, Runnable cancelAction) {
        this.id = id;
        this.name = name;
        this.cancelAction = cancelAction;
    }

    void update(JobUpdate update) {
        if (status.isTerminal()) {
            return;
        }
        status = update.status();
        switch (update.status()) {
            case COMPLETED -> future.complete(null);
            case FAILED -> future.completeExceptionally(new JobFailedException("job '" + name + "' failed"
                    + (update.where() == null ? "" : " in " + update.where()) + ": " + describe(update.cause()), update.cause()));
            case CANCELLED -> future.completeExceptionally(new JobCancelledException("job '" + name + "' was cancelled"));
            default -> {
            }
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobStatus status() {
        return status;
    }

    @Override
    public void join() {
        try {
            future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JobFailedException f) {
                // a fresh exception so the caller's stack shows where it waited
                throw new JobFailedException(f.getMessage(), f.getCause());
            }
            if (cause instanceof JobCancelledException c) {
                throw new JobCancelledException(c.getMessage());
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for job '" + name + "'", e);
        }
    }

    @Override
    public CompletableFuture<Void> future() {
        return future.copy();
    }

    @Override
    public void cancel() {
        if (!status.isTerminal()) {
            cancelAction.run();
        }
    }

    @Override
    public String toString() {
        return "Job{" + name + ", id=" + id + ", " + status + "}";
    }
}
