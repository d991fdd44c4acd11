package io.sluice.actors.impl;

import io.sluice.actors.JobExecutionInfo;
import io.sluice.actors.JobSnapshotInfo;
import io.sluice.engine.core.Dag;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.snapshot.SnapshotData;
import io.sluice.engine.snapshot.SnapshotStore;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A job: lives as long as the job, event sourced. It records the job's life in its journal and
 * runs one execution ({@link JobCoordinator}, a child) at a time; a failed execution is replaced
 * by a new one under the restart policy of the job's {@link JobConfig}.
 *
 * <h2>Phases (persisted) and what moves them</h2>
 * <pre>
 * NEW --JobSubmitted, ExecutionStarted--> RUNNING
 * RUNNING --(execution failed, attempts left) Restarting--> RESTARTING --(backoff) ExecutionStarted--> RUNNING
 * RUNNING --(suspend(): terminal snapshot committed, execution stopped) Suspended--> SUSPENDED
 * SUSPENDED --Resumed, ExecutionStarted--> RUNNING
 * RUNNING --Completed | Failed | Cancelled--> COMPLETED | FAILED | CANCELLED (ended: the store's data is deleted)
 * </pre>
 * One event per lifecycle step or committed snapshot, never per record.
 *
 * <h2>Snapshot commit</h2>
 * The execution reports {@link ExecutionProtocol.SnapshotTaken}; the job commits it in the
 * snapshot store (the atomic commit point), copies it to the pending exports, persists
 * {@link SnapshotCommitted} (and {@link SnapshotExported}), then tells the execution
 * {@link JobCoordinator.SnapshotCommitted} so that two-phase sinks commit. Restarts with attempts
 * left start from the last committed snapshot; a commit resets the attempts.
 *
 * <h2>Runtime state (not persisted)</h2>
 * The current execution, the operation being carried out on it ({@link Pending}), pending exports,
 * and the failure's {@code Throwable} (the journal keeps its text). All of it is accessed only from
 * the actor's thread. After a node restart ({@code resumeOnRecovery}), a job that was running or
 * restarting starts a new execution from its last committed snapshot.
 */
final class JobEntity extends EventSourcedBehavior<JobEntity.Command, JobEntity.Event, JobEntity.State> {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration EXECUTION_LOST_GRACE = Duration.ofSeconds(1);
    private static final int HISTORY = 100;
    private static final String RESTART_TIMER = "restart";

    // ---------------------------------------------------------------- commands

    interface Command {
    }

    /** Record the submission and start the first execution. */
    record Submit(String name, byte[] dag, byte[] config, long submissionTime) implements Command {
    }

    record Suspend(ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    record Resume(ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    record Restart(ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** @param replyTo may be null */
    record Cancel(ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** Takes a snapshot (a running job) or uses the last committed one and stores it as {@code name}. */
    record ExportSnapshot(String name, boolean cancel, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    record GetInfo(ActorRef<Info> replyTo) implements Command {
    }

    /** The node is closing: stop the execution without recording anything (the job resumes on the next start). */
    enum Shutdown implements Command {
        INSTANCE
    }

    private record Report(ExecutionProtocol.Event event) implements Command {
    }

    private record ExecutionStopped(long executionId) implements Command {
    }

    private record ExecutionLost(long executionId) implements Command {
    }

    private record StartFailed(long executionId, RuntimeException cause) implements Command {
    }

    private enum RestartDue implements Command {
        INSTANCE
    }

    private enum ResumeAfterRecovery implements Command {
        INSTANCE
    }

    /** What {@code Job.executions()} and friends show. */
    record Info(JobStatus status, List<JobExecutionInfo> executions, List<JobSnapshotInfo> snapshots,
                OptionalLong lastCommittedSnapshotId, String cause) {
    }

    // ---------------------------------------------------------------- events (format: JournalSerializer)

    sealed interface Event extends JournalSerializer.JournalEvent {
    }

    record JobSubmitted(String jobId, String name, byte[] dag, byte[] config, long submissionTime) implements Event {
    }

    record ExecutionStarted(long executionId, long timeMillis) implements Event {
    }

    /** @param exportName the first export this snapshot was taken for, or null */
    record SnapshotCommitted(long snapshotId, long bytes, long durationMillis, long timeMillis, String exportName)
            implements Event {
    }

    record SnapshotExported(String name, long snapshotId, long timeMillis) implements Event {
    }

    /** @param cause why, for a suspension after a failure; null for suspend() */
    record Suspended(String cause, long timeMillis) implements Event {
    }

    record Resumed(long timeMillis) implements Event {
    }

    /**
     * @param cause   the failure's text, or the reason ("restart requested", "the node stopped")
     * @param failure whether it restarts after a failure (counted as {@code attempt})
     * @param attempt the restart attempt since the last committed snapshot (0 if not a failure)
     */
    record Restarting(String cause, boolean failure, int attempt, long timeMillis) implements Event {
    }

    record Completed(long timeMillis) implements Event {
    }

    record Failed(String cause, long timeMillis) implements Event {
    }

    record Cancelled(long timeMillis) implements Event {
    }

    // ---------------------------------------------------------------- state

    enum Phase {
        NEW, RUNNING, RESTARTING, SUSPENDED, COMPLETED, FAILED, CANCELLED;

        boolean ended() {
            return this == COMPLETED || this == FAILED || this == CANCELLED;
        }
    }

    /**
     * The job as its journal says. Mutable, but owned by this actor alone (Pekko allows that): the
     * event handler updates it in place.
     */
    static final class State {
        Phase phase = Phase.NEW;
        String name;
        byte[] dag;
        byte[] config;
        long submissionTime;
        long lastExecutionId;
        /** 0: none committed. */
        long lastSnapshotId;
        int restartAttempts;
        String cause;
        final List<Execution> executions = new ArrayList<>();
        final List<JobSnapshotInfo> snapshots = new ArrayList<>();
        final Map<String, Long> exports = new LinkedHashMap<>();

        State apply(Event event) {
            if (event instanceof JobSubmitted e) {
                phase = Phase.RUNNING;
                name = e.name();
                dag = e.dag();
                config = e.config();
                submissionTime = e.submissionTime();
            } else if (event instanceof ExecutionStarted e) {
                phase = Phase.RUNNING;
                lastExecutionId = e.executionId();
                executions.add(new Execution(e.executionId(), e.timeMillis()));
                trim(executions);
            } else if (event instanceof SnapshotCommitted e) {
                lastSnapshotId = e.snapshotId();
                restartAttempts = 0;
                snapshots.add(new JobSnapshotInfo(e.snapshotId(), Instant.ofEpochMilli(e.timeMillis()),
                        Duration.ofMillis(e.durationMillis()), e.bytes(), e.exportName()));
                trim(snapshots);
            } else if (event instanceof SnapshotExported e) {
                exports.put(e.name(), e.snapshotId());
            } else if (event instanceof Suspended e) {
                phase = Phase.SUSPENDED;
                cause = e.cause();
                endExecution(e.timeMillis(), e.cause() == null ? "suspended" : "suspended after failure: " + e.cause());
            } else if (event instanceof Resumed) {
                phase = Phase.RUNNING;
                restartAttempts = 0;
                cause = null;
            } else if (event instanceof Restarting e) {
                phase = Phase.RESTARTING;
                restartAttempts = e.attempt();
                cause = e.failure() ? e.cause() : cause;
                endExecution(e.timeMillis(), e.failure() ? "failed: " + e.cause() : e.cause());
            } else if (event instanceof Completed e) {
                phase = Phase.COMPLETED;
                endExecution(e.timeMillis(), "completed");
            } else if (event instanceof Failed e) {
                phase = Phase.FAILED;
                cause = e.cause();
                endExecution(e.timeMillis(), "failed: " + e.cause());
            } else if (event instanceof Cancelled e) {
                phase = Phase.CANCELLED;
                endExecution(e.timeMillis(), "cancelled");
            }
            return this;
        }

        private void endExecution(long timeMillis, String outcome) {
            if (!executions.isEmpty()) {
                Execution last = executions.get(executions.size() - 1);
                if (last.outcome == null) {
                    last.endMillis = timeMillis;
                    last.outcome = outcome;
                }
            }
        }

        private static void trim(List<?> list) {
            if (list.size() > HISTORY) {
                list.remove(0);
            }
        }
    }

    static final class Execution {
        final long id;
        final long startMillis;
        long endMillis = -1;
        String outcome;

        Execution(long id, long startMillis) {
            this.id = id;
            this.startMillis = startMillis;
        }

        JobExecutionInfo info() {
            return new JobExecutionInfo(id, Instant.ofEpochMilli(startMillis),
                    outcome == null ? null : Duration.ofMillis(endMillis - startMillis), outcome);
        }
    }

    // ---------------------------------------------------------------- runtime

    /** What the node gives every job. */
    record Env(SnapshotStore store, int defaultParallelism, ActorRef<JobUpdate> updates, ClassLoader classLoader,
               ExecutionFactory executions) {
        /** Makes the node's Env once the node knows where updates go. */
        interface Factory {
            Env create(ActorRef<JobUpdate> updates);
        }
    }

    /** Creates an execution: {@link JobCoordinator#create} on a node; the protocol tests script one. */
    interface ExecutionFactory {
        Behavior<JobCoordinator.Command> create(ExecutionProtocol.Spec spec, ActorRef<ExecutionProtocol.Event> job);
    }

    /** The operation under way on the current execution. */
    private enum Pending {
        NONE, SUSPEND, CANCEL, RESTART, EXPORT_THEN_CANCEL, SHUTDOWN
    }

    private record ExportRequest(String name, ActorRef<StatusReply<Done>> replyTo) {
    }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final String jobId;
    private final Env env;
    private final boolean resumeOnRecovery;
    private final ActorRef<ExecutionProtocol.Event> reports;
    private JobConfig config;
    private ActorRef<JobCoordinator.Command> execution;
    private long executionId;
    private boolean executionRunning;
    private Pending pending = Pending.NONE;
    private List<ExportRequest> exports = new ArrayList<>();
    private Throwable failureCause;
    private String failureWhere;

    private JobEntity(ActorContext<Command> ctx, TimerScheduler<Command> timers, String jobId, Env env,
                      boolean resumeOnRecovery) {
        super(persistenceId(jobId));
        this.ctx = ctx;
        this.timers = timers;
        this.jobId = jobId;
        this.env = env;
        this.resumeOnRecovery = resumeOnRecovery;
        this.reports = ctx.messageAdapter(ExecutionProtocol.Event.class, Report::new);
    }

    /**
     * The job {@code jobId}.
     *
     * @param resumeOnRecovery whether this is a node start: a job the journal shows as running starts a new
     *                         execution, and the node is told the job's status
     */
    static Behavior<Command> create(String jobId, Env env, boolean resumeOnRecovery) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new JobEntity(ctx, timers, jobId, env,
                resumeOnRecovery)));
    }

    static PersistenceId persistenceId(String jobId) {
        return PersistenceId.of("sluice-job", jobId);
    }

    /** The snapshot store key of an exported snapshot. */
    static String exportKey(String name) {
        return "export:" + name;
    }

    @Override
    public State emptyState() {
        return new State();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), s -> {
                    if (resumeOnRecovery) {
                        ctx.getSelf().tell(ResumeAfterRecovery.INSTANCE);
                    }
                })
                .onSignal(RecoveryFailed.class, (s, f) -> ctx.getLog().error("job {}: its journal could not be read",
                        jobId, f.getFailure()))
                .build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Submit.class, this::onSubmit)
                .onCommand(Report.class, this::onReport)
                .onCommand(Suspend.class, this::onSuspend)
                .onCommand(Resume.class, this::onResume)
                .onCommand(Restart.class, this::onRestart)
                .onCommand(Cancel.class, this::onCancel)
                .onCommand(ExportSnapshot.class, this::onExport)
                .onCommand(GetInfo.class, this::onGetInfo)
                .onCommand(Shutdown.class, this::onShutdown)
                .onCommand(ExecutionStopped.class, this::onExecutionStopped)
                .onCommand(ExecutionLost.class, this::onExecutionLost)
                .onCommand(RestartDue.class, this::onRestartDue)
                .onCommand(StartFailed.class, (s, f) -> execution == null && f.executionId() == executionId
                        ? onExecutionEnded(s, JobStatus.FAILED, f.cause(), null) : Effect().none())
                .onCommand(ResumeAfterRecovery.class, this::onResumeAfterRecovery)
                .build();
    }

    // ---------------------------------------------------------------- user operations

    private Effect<Event, State> onSubmit(State s, Submit cmd) {
        if (s.phase != Phase.NEW) {
            return Effect().none();
        }
        return persistAndStart(s, List.of(new JobSubmitted(jobId, cmd.name(), cmd.dag(), cmd.config(),
                cmd.submissionTime())));
    }

    private Effect<Event, State> onSuspend(State s, Suspend cmd) {
        switch (s.phase) {
            case RUNNING -> {
                if (execution == null || pending != Pending.NONE) {
                    return busy(s, cmd.replyTo(), "suspended");
                }
                pending = Pending.SUSPEND;
                if (config(s).getProcessingGuarantee() == ProcessingGuarantee.NONE) {
                    execution.tell(JobCoordinator.Cancel.INSTANCE); // nothing to restore from: just stop
                } else {
                    execution.tell(new JobCoordinator.TakeSnapshot(true));
                }
                return Effect().reply(cmd.replyTo(), StatusReply.ack());
            }
            case RESTARTING -> {
                timers.cancel(RESTART_TIMER);
                return Effect().persist(new Suspended(s.cause, now()))
                        .thenRun(st -> notifyStatus(st))
                        .thenReply(cmd.replyTo(), st -> StatusReply.ack());
            }
            case SUSPENDED -> {
                return Effect().reply(cmd.replyTo(), StatusReply.ack());
            }
            default -> {
                return Effect().reply(cmd.replyTo(), StatusReply.error(cannot(s, "suspended")));
            }
        }
    }

    private Effect<Event, State> onResume(State s, Resume cmd) {
        if (s.phase != Phase.SUSPENDED) {
            return Effect().reply(cmd.replyTo(), StatusReply.error("job '" + s.name + "' is " + status(s)
                    + ", not SUSPENDED: only a suspended job can be resumed"));
        }
        failureCause = null;
        failureWhere = null;
        return persistAndStart(s, List.of(new Resumed(now()))).thenReply(cmd.replyTo(), st -> StatusReply.ack());
    }

    private Effect<Event, State> onRestart(State s, Restart cmd) {
        switch (s.phase) {
            case RUNNING -> {
                if (execution == null || pending != Pending.NONE) {
                    return busy(s, cmd.replyTo(), "restarted");
                }
                pending = Pending.RESTART;
                execution.tell(JobCoordinator.Cancel.INSTANCE);
                return Effect().reply(cmd.replyTo(), StatusReply.ack());
            }
            case RESTARTING -> {
                timers.cancel(RESTART_TIMER);
                return persistAndStart(s, List.of()).thenReply(cmd.replyTo(), st -> StatusReply.ack());
            }
            case SUSPENDED -> {
                return Effect().reply(cmd.replyTo(), StatusReply.error("job '" + s.name
                        + "' is SUSPENDED: use resume() to start it again"));
            }
            default -> {
                return Effect().reply(cmd.replyTo(), StatusReply.error(cannot(s, "restarted")));
            }
        }
    }

    private Effect<Event, State> onCancel(State s, Cancel cmd) {
        if (s.phase.ended()) {
            return replyAck(cmd.replyTo());
        }
        if (execution != null) {
            if (pending != Pending.SHUTDOWN) {
                pending = Pending.CANCEL;
            }
            execution.tell(JobCoordinator.Cancel.INSTANCE);
            return replyAck(cmd.replyTo());
        }
        timers.cancel(RESTART_TIMER);
        return persistEnd(new Cancelled(now())).thenRun(st -> {
            if (cmd.replyTo() != null) {
                cmd.replyTo().tell(StatusReply.ack());
            }
        });
    }

    private Effect<Event, State> onExport(State s, ExportSnapshot cmd) {
        switch (s.phase) {
            case RUNNING -> {
                if (execution == null || (pending != Pending.NONE && !(pending == Pending.EXPORT_THEN_CANCEL
                        && !cmd.cancel()))) {
                    return busy(s, cmd.replyTo(), "exported");
                }
                exports.add(new ExportRequest(cmd.name(), cmd.replyTo()));
                if (cmd.cancel()) {
                    pending = Pending.EXPORT_THEN_CANCEL;
                }
                execution.tell(new JobCoordinator.TakeSnapshot(cmd.cancel()));
                return Effect().none();
            }
            case RESTARTING, SUSPENDED -> {
                if (s.lastSnapshotId == 0) {
                    return Effect().reply(cmd.replyTo(), StatusReply.error("job '" + s.name + "' has no committed"
                            + " snapshot to export (a job without a processing guarantee takes none): export it while it"
                            + " runs"));
                }
                long id;
                try {
                    id = copyToExport(cmd.name());
                } catch (RuntimeException e) {
                    return Effect().reply(cmd.replyTo(), StatusReply.error("exporting snapshot '" + cmd.name()
                            + "' of job '" + s.name + "' failed: " + e.getMessage()));
                }
                List<Event> events = new ArrayList<>(List.of(new SnapshotExported(cmd.name(), id, now())));
                if (cmd.cancel()) {
                    timers.cancel(RESTART_TIMER);
                    events.add(new Cancelled(now()));
                }
                return Effect().persist(events).thenRun(st -> {
                    if (st.phase.ended()) {
                        ended(st);
                    }
                }).thenReply(cmd.replyTo(), st -> StatusReply.ack());
            }
            default -> {
                return Effect().reply(cmd.replyTo(), StatusReply.error(cannot(s, "exported")));
            }
        }
    }

    private Effect<Event, State> onGetInfo(State s, GetInfo cmd) {
        List<JobExecutionInfo> executions = s.executions.stream().map(Execution::info).toList();
        OptionalLong last = s.lastSnapshotId == 0 ? OptionalLong.empty() : OptionalLong.of(s.lastSnapshotId);
        return Effect().reply(cmd.replyTo(), new Info(status(s), executions, List.copyOf(s.snapshots), last, s.cause));
    }

    private Effect<Event, State> onShutdown(State s, Shutdown cmd) {
        timers.cancel(RESTART_TIMER);
        if (execution == null) {
            return Effect().stop();
        }
        pending = Pending.SHUTDOWN;
        execution.tell(JobCoordinator.Cancel.INSTANCE);
        return Effect().none();
    }

    // ---------------------------------------------------------------- the execution's reports

    private Effect<Event, State> onReport(State s, Report report) {
        ExecutionProtocol.Event event = report.event();
        if (execution == null || event.executionId() != executionId) {
            return Effect().none(); // a late report of an execution already replaced
        }
        if (event instanceof ExecutionProtocol.ExecutionRunning) {
            executionRunning = true;
            notifyStatus(s);
            return Effect().none();
        } else if (event instanceof ExecutionProtocol.SnapshotTaken taken) {
            return onSnapshotTaken(s, taken);
        } else if (event instanceof ExecutionProtocol.SnapshotFailed failed) {
            return onSnapshotFailed(failed.snapshotId(), failed.reason());
        } else if (event instanceof ExecutionProtocol.ExecutionEnded end) {
            return onExecutionEnded(s, end.status(), end.cause(), end.where());
        }
        return Effect().none();
    }

    private Effect<Event, State> onSnapshotTaken(State s, ExecutionProtocol.SnapshotTaken taken) {
        try {
            env.store().commit(jobId, taken.snapshotId());
        } catch (RuntimeException e) {
            abortQuietly(jobId, taken.snapshotId());
            if (execution != null) {
                execution.tell(new JobCoordinator.SnapshotCommitFailed(taken.snapshotId()));
            }
            return onSnapshotFailed(taken.snapshotId(), "its commit in the snapshot store failed: " + e);
        }
        List<ExportRequest> requests = exports;
        exports = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        events.add(new SnapshotCommitted(taken.snapshotId(), taken.bytes(), taken.durationMillis(), now(),
                requests.isEmpty() ? null : requests.get(0).name()));
        List<ExportRequest> done = new ArrayList<>();
        for (ExportRequest request : requests) {
            try {
                events.add(new SnapshotExported(request.name(), copyToExport(request.name()), now()));
                done.add(request);
            } catch (RuntimeException e) {
                request.replyTo().tell(StatusReply.error("exporting snapshot '" + request.name() + "' of job '" + s.name
                        + "' failed: " + e.getMessage()));
            }
        }
        ActorRef<JobCoordinator.Command> exec = execution;
        return Effect().persist(events).thenRun(st -> {
            exec.tell(new JobCoordinator.SnapshotCommitted(taken.snapshotId()));
            done.forEach(r -> r.replyTo().tell(StatusReply.ack()));
        });
    }

    private Effect<Event, State> onSnapshotFailed(long snapshotId, String reason) {
        ctx.getLog().warn("job {}: snapshot {} failed: {}", jobId, snapshotId, reason);
        for (ExportRequest request : exports) {
            request.replyTo().tell(StatusReply.error("the snapshot for export '" + request.name() + "' failed: "
                    + reason));
        }
        exports = new ArrayList<>();
        if (pending == Pending.SUSPEND) {
            // suspend without a final snapshot: resume() starts from the last committed one
            execution.tell(JobCoordinator.Cancel.INSTANCE);
        } else if (pending == Pending.EXPORT_THEN_CANCEL) {
            pending = Pending.NONE; // as in Jet: a failed export leaves the job running
        }
        return Effect().none();
    }

    private Effect<Event, State> onExecutionStopped(State s, ExecutionStopped msg) {
        if (execution != null && msg.executionId() == executionId) {
            // its ExecutionEnded may still be on the way: a termination can overtake the last message
            timers.startSingleTimer(new ExecutionLost(msg.executionId()), EXECUTION_LOST_GRACE);
        }
        return Effect().none();
    }

    private Effect<Event, State> onExecutionLost(State s, ExecutionLost msg) {
        if (execution == null || msg.executionId() != executionId) {
            return Effect().none();
        }
        return onExecutionEnded(s, JobStatus.FAILED, new IllegalStateException("the execution of job '" + s.name
                + "' stopped without reporting its end"), null);
    }

    private Effect<Event, State> onExecutionEnded(State s, JobStatus status, Throwable cause, String where) {
        if (execution != null) {
            ctx.unwatch(execution);
        }
        execution = null;
        executionRunning = false;
        Pending was = pending;
        pending = Pending.NONE;
        for (ExportRequest request : exports) {
            request.replyTo().tell(StatusReply.error("job '" + s.name + "' stopped before its snapshot for export '"
                    + request.name() + "' was taken"));
        }
        exports = new ArrayList<>();
        if (was == Pending.SHUTDOWN) {
            return Effect().stop(); // nothing recorded: a node started on the same journal resumes the job
        }
        if (status == JobStatus.COMPLETED) {
            return persistEnd(new Completed(now()));
        }
        switch (was) {
            case CANCEL, EXPORT_THEN_CANCEL -> {
                return persistEnd(new Cancelled(now()));
            }
            case SUSPEND -> {
                return Effect().persist(new Suspended(status == JobStatus.FAILED ? describe(cause, where) : null, now()))
                        .thenRun(this::notifyStatus);
            }
            case RESTART -> {
                return persistAndStart(s, List.of(new Restarting("restart requested", false, 0, now())));
            }
            default -> {
                return status == JobStatus.CANCELLED ? persistEnd(new Cancelled(now())) : onFailure(s, cause, where);
            }
        }
    }

    private Effect<Event, State> onFailure(State s, Throwable cause, String where) {
        String text = describe(cause, where);
        JobConfig config = config(s);
        boolean futile = cause instanceof SnapshotRestore.UnreadableSnapshotException; // the same data again
        if (!futile && s.restartAttempts < config.getMaxRestartAttempts()) {
            int attempt = s.restartAttempts + 1;
            Duration backoff = backoff(config.getRestartBackoffMillis(), attempt);
            ctx.getLog().info("job '{}' failed{}, restarting in {} ms (attempt {} of {}): {}", s.name,
                    where == null ? "" : " in " + where, backoff.toMillis(), attempt, config.getMaxRestartAttempts(),
                    String.valueOf(cause));
            return Effect().persist(new Restarting(text, true, attempt, now())).thenRun(st -> {
                notifyStatus(st);
                timers.startSingleTimer(RESTART_TIMER, RestartDue.INSTANCE, backoff);
            });
        }
        failureCause = cause;
        failureWhere = where;
        if (config.isSuspendOnFailure()) {
            return Effect().persist(new Suspended(text, now())).thenRun(this::notifyStatus);
        }
        return persistEnd(new Failed(text, now()));
    }

    /** Doubles per attempt, from {@code firstMillis}, up to {@link #MAX_BACKOFF}. */
    static Duration backoff(long firstMillis, int attempt) {
        long millis = firstMillis;
        for (int i = 1; i < attempt && millis < MAX_BACKOFF.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private Effect<Event, State> onRestartDue(State s, RestartDue msg) {
        if (s.phase != Phase.RESTARTING || execution != null) {
            return Effect().none();
        }
        return persistAndStart(s, List.of());
    }

    private Effect<Event, State> onResumeAfterRecovery(State s, ResumeAfterRecovery msg) {
        switch (s.phase) {
            case NEW -> {
                env.updates().tell(new JobUpdate(jobId, null, JobStatus.FAILED, new IllegalStateException(
                        "the node stopped before the job's submission was recorded; submit it again"), null));
                return Effect().stop();
            }
            case RUNNING -> {
                return persistAndStart(s, List.of(new Restarting("the node stopped", false, s.restartAttempts, now())));
            }
            case RESTARTING -> {
                return persistAndStart(s, List.of());
            }
            default -> {
                notifyStatus(s);
                return Effect().none();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Persists {@code events} and an {@link ExecutionStarted}, then starts that execution. */
    private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, State> persistAndStart(State s,
                                                                                                  List<Event> events) {
        List<Event> all = new ArrayList<>(events);
        all.add(new ExecutionStarted(s.lastExecutionId + 1, now()));
        return Effect().persist(all).thenRun(this::startExecution);
    }

    private void startExecution(State s) {
        long id = s.lastExecutionId;
        executionId = id;
        executionRunning = false;
        pending = Pending.NONE;
        ExecutionProtocol.Spec spec;
        try {
            JobConfig config = config(s);
            abortUncommitted(s);
            ExecutionProtocol.Restore restore;
            if (s.lastSnapshotId > 0) {
                restore = new ExecutionProtocol.LastCommitted(jobId);
            } else if (config.getInitialSnapshotName() != null) {
                restore = new ExecutionProtocol.LastCommitted(exportKey(config.getInitialSnapshotName()));
            } else if (id > 1 && config.getProcessingGuarantee() == io.sluice.engine.job.ProcessingGuarantee.AT_MOST_ONCE) {
                // no snapshot yet, but the sources recorded what they handed on: they go on from there
                restore = new ExecutionProtocol.LastCommitted(jobId);
            } else {
                restore = ExecutionProtocol.Fresh.INSTANCE;
            }
            Dag dag = JobBytes.read(s.dag, env.classLoader(), "DAG");
            JobConfig configCopy = JobBytes.read(s.config, env.classLoader(), "config");
            spec = new ExecutionProtocol.Spec(jobId, s.name, id, dag, configCopy, env.defaultParallelism(), env.store(),
                    restore, s.lastSnapshotId + 1);
        } catch (RuntimeException e) {
            ctx.getSelf().tell(new StartFailed(id, e)); // handled as a failed execution
            return;
        }
        execution = ctx.spawn(env.executions().create(spec, reports), "execution-" + id);
        ctx.watchWith(execution, new ExecutionStopped(id));
        notifyStatus(s);
    }

    /** Snapshots an earlier execution was writing when it stopped: drop them, the new one writes the same ids. */
    private void abortUncommitted(State s) {
        for (long id : env.store().snapshotIds(jobId)) {
            if (id > s.lastSnapshotId) {
                abortQuietly(jobId, id);
            }
        }
    }

    private void abortQuietly(String key, long snapshotId) {
        try {
            env.store().abort(key, snapshotId);
        } catch (RuntimeException e) {
            ctx.getLog().warn("job {}: dropping uncommitted snapshot {} failed", jobId, snapshotId, e);
        }
    }

    /** Copies the job's last committed snapshot to {@code export:<name>} and commits it there. */
    private long copyToExport(String name) {
        SnapshotData data = env.store().readLastCommitted(jobId).orElseThrow(() ->
                new IllegalStateException("the job has no committed snapshot"));
        String key = exportKey(name);
        long id = Math.max(env.store().lastCommittedSnapshotId(key).orElse(0) + 1, data.snapshotId());
        abortQuietly(key, id);
        for (String vertex : data.vertices()) {
            for (int partition : data.partitions(vertex)) {
                env.store().writeChunks(key, id, vertex, partition, data.chunks(vertex, partition));
            }
        }
        env.store().commit(key, id);
        return id;
    }

    private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, State> persistEnd(Event end) {
        return Effect().persist(end).thenRun(this::ended);
    }

    private void ended(State s) {
        try {
            env.store().deleteJob(jobId); // exports are kept: they live under their own keys
        } catch (RuntimeException e) {
            ctx.getLog().warn("job {}: deleting its snapshots failed", jobId, e);
        }
        notifyStatus(s);
    }

    private void notifyStatus(State s) {
        JobStatus status = status(s);
        Throwable cause = null;
        String where = null;
        if (status == JobStatus.FAILED) {
            cause = failureCause != null ? failureCause : new IllegalStateException(s.cause);
            where = failureCause != null ? failureWhere : null;
        } else if (status == JobStatus.SUSPENDED && s.cause != null) {
            cause = new IllegalStateException(s.cause); // the text the journal keeps, stage and cause included
        }
        env.updates().tell(new JobUpdate(jobId, s.name, status, cause, where));
    }

    private JobStatus status(State s) {
        return switch (s.phase) {
            case NEW -> JobStatus.STARTING;
            case RUNNING -> executionRunning ? JobStatus.RUNNING : JobStatus.STARTING;
            case RESTARTING -> JobStatus.RESTARTING;
            case SUSPENDED -> JobStatus.SUSPENDED;
            case COMPLETED -> JobStatus.COMPLETED;
            case FAILED -> JobStatus.FAILED;
            case CANCELLED -> JobStatus.CANCELLED;
        };
    }

    private JobConfig config(State s) {
        if (config == null) {
            config = JobBytes.read(s.config, env.classLoader(), "config");
        }
        return config;
    }

    private Effect<Event, State> busy(State s, ActorRef<StatusReply<Done>> replyTo, String what) {
        return Effect().reply(replyTo, StatusReply.error("job '" + s.name + "' cannot be " + what + " now: it is "
                + (pending == Pending.NONE ? "starting" : "being " + pending.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ')) + "; try again when that is done"));
    }

    private static String cannot(State s, String what) {
        return "job '" + s.name + "' has " + (s.phase == Phase.NEW ? "not started" : "ended (" + s.phase + ")")
                + ": it cannot be " + what;
    }

    private Effect<Event, State> replyAck(ActorRef<StatusReply<Done>> replyTo) {
        if (replyTo == null) {
            return Effect().none();
        }
        return Effect().reply(replyTo, StatusReply.ack());
    }

    static String describe(Throwable cause, String where) {
        String text = cause == null ? "unknown cause"
                : cause.getMessage() == null ? cause.getClass().getName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return where == null ? text : "in " + where + ": " + text;
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
