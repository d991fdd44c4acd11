package io.sluice.actors.impl;

import io.sluice.actors.Job;
import io.sluice.actors.JobExecutionInfo;
import io.sluice.actors.JobSnapshotInfo;
import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.job.JobStatus;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** The client's handle of a job; its status follows the job entity's {@link JobUpdate}s. */
final class JobImpl implements Job {
    /** How the handle reaches its job entity (the node). */
    interface Control {
        /** Sends a command and waits for its acknowledgement; throws IllegalStateException with the refusal. */
        void command(String jobId, String what, Function<ActorRef<StatusReply<Done>>, JobEntity.Command> command,
                     java.time.Duration timeout);

        JobEntity.Info info(String jobId);

        /** The node's snapshot store. */
        io.sluice.engine.snapshot.SnapshotStore store();

        /** Sends a command without waiting (does nothing once the node is closed). */
        void send(String jobId, JobEntity.Command command);
    }

    private final String id;
    private final String name;
    private final long order;
    private final Control control;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private volatile JobStatus status = JobStatus.STARTING;
    private volatile String suspensionCause;

    JobImpl(String id, String name, long order, Control control) {
        this.id = id;
        this.name = name;
        this.order = order;
        this.control = control;
    }

    long order() {
        return order;
    }

    synchronized void update(JobUpdate update) {
        if (status.isTerminal() || future.isDone()) {
            return;
        }
        status = update.status();
        suspensionCause = update.status() == JobStatus.SUSPENDED && update.cause() != null
                ? update.cause().getMessage() : null;
        switch (update.status()) {
            case COMPLETED -> future.complete(null);
            case FAILED -> future.completeExceptionally(new JobFailedException("job '" + name + "' failed"
                    + (update.where() == null ? "" : " in " + update.where()) + ": " + describe(update.cause()), update.cause()));
            case CANCELLED -> future.completeExceptionally(new JobCancelledException("job '" + name + "' was cancelled"));
            default -> {
            }
        }
    }

    /** The node closed with the job still live: it resumes when a node starts again on the same data directory. */
    synchronized void nodeClosed(String message) {
        if (!status.isTerminal()) {
            future.completeExceptionally(new IllegalStateException(message));
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
    public Optional<String> suspensionCause() {
        return Optional.ofNullable(status == JobStatus.SUSPENDED ? suspensionCause : null);
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
            if (cause instanceof IllegalStateException s) {
                throw new IllegalStateException(s.getMessage(), s);
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
            control.send(id, new JobEntity.Cancel(null));
        }
    }

    @Override
    public void suspend() {
        control.command(id, "suspend", JobEntity.Suspend::new, ASK);
    }

    @Override
    public void resume() {
        control.command(id, "resume", JobEntity.Resume::new, ASK);
    }

    @Override
    public void restart() {
        control.command(id, "restart", JobEntity.Restart::new, ASK);
    }

    @Override
    public void exportSnapshot(String name) {
        checkSnapshotName(name);
        control.command(id, "export snapshot '" + name + "'", r -> new JobEntity.ExportSnapshot(name, false, r), EXPORT);
    }

    @Override
    public void cancelAndExportSnapshot(String name) {
        checkSnapshotName(name);
        control.command(id, "export snapshot '" + name + "' and cancel", r -> new JobEntity.ExportSnapshot(name, true, r),
                EXPORT);
    }

    private static void checkSnapshotName(String name) {
        Objects.requireNonNull(name, "name must not be null: pass the name to export the snapshot under");
        if (name.isBlank()) {
            throw new IllegalArgumentException("snapshot name must not be blank");
        }
    }

    @Override
    public List<JobExecutionInfo> executions() {
        return control.info(id).executions();
    }

    @Override
    public List<JobSnapshotInfo> snapshots() {
        return control.info(id).snapshots();
    }

    @Override
    public java.util.SortedMap<String, java.util.SortedMap<Integer, Object>> sourceOffsets() {
        return SnapshotRestore.sourceOffsets(control.store(), id);
    }

    @Override
    public OptionalLong lastCommittedSnapshotId() {
        return control.info(id).lastCommittedSnapshotId();
    }

    @Override
    public String toString() {
        return "Job{" + name + ", id=" + id + ", " + status + "}";
    }

    private static final java.time.Duration ASK = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration EXPORT = java.time.Duration.ofMinutes(2);
}
