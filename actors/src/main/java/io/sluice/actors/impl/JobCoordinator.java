package io.sluice.actors.impl;

import io.sluice.engine.core.Dag;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.persistence.codec.Codecs;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.reactivestreams.Subscriber;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one job: plans the DAG into instances, spawns a {@link StageActor} per instance (watched),
 * wires the connections, and ends the job when every instance completed, when one failed (the
 * others are stopped and the job fails with that cause), or when cancelled.
 *
 * <p>Wiring goes vertex by vertex in reverse topological order: a vertex's instances
 * materialise their streams once all their consumers have, because the consumers' input
 * subscribers are what a producer writes to. Sources therefore start last, when everything
 * downstream is ready.
 *
 * <p>States: <b>running</b> (starting included) until the first failure, a cancellation or the
 * last completion; then <b>stopping</b>: every instance that has not ended is sent
 * {@link StageActor.Cancel}, and the end is reported to the client only once all of them have
 * terminated (an actor's termination follows its stream's, so no user code runs any more when
 * {@code Job.join()} returns), or after {@link #STOP_TIMEOUT} with a warning naming the instances
 * that ignored the interrupt. A failure that an instance only received from upstream is kept as a
 * fallback for {@link #PROPAGATED_GRACE}: the instance that really failed reports too, and its
 * report names the stage that threw.
 */
final class JobCoordinator extends AbstractBehavior<JobCoordinator.Command> {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration PROPAGATED_GRACE = Duration.ofMillis(500);

    /** Messages of the coordinator. */
    interface Command {
    }

    /** Stop the job. */
    enum Cancel implements Command {
        INSTANCE
    }

    record InstanceMaterialized(InstanceId id, List<Subscriber<EdgeItem>> inletSubscribers) implements Command {
    }

    record InstanceCompleted(InstanceId id) implements Command {
    }

    /**
     * An instance failed.
     *
     * @param stage      the stage of the pipeline that threw (as the user named it, or the operation)
     * @param propagated whether the instance only received the failure from upstream
     */
    record InstanceFailed(InstanceId id, Throwable cause, String stage, boolean propagated) implements Command {
    }

    /**
     * Take snapshot now (outside the interval): for {@code Job.exportSnapshot}, or, with
     * {@code terminal}, for {@code Job.suspend()}: the execution stops once the snapshot committed.
     */
    record TakeSnapshot(boolean terminal) implements Command {
    }

    /** The job committed snapshot {@code snapshotId} (see {@link ExecutionProtocol}): sinks may commit their output. */
    record SnapshotCommitted(long snapshotId) implements Command {
    }

    /**
     * The job could not commit snapshot {@code snapshotId} (the store's commit failed: a full disk):
     * the snapshot is dropped, sinks keep their prepared output for the next one, and the next
     * interval tries again.
     */
    record SnapshotCommitFailed(long snapshotId) implements Command {
    }

    /** Fail the job from outside its instances (the heap watchdog); the instances are stopped as for any failure. */
    record Fail(Throwable cause) implements Command {
    }

    /**
     * An instance saved its part of snapshot {@code snapshotId} (or failed to: {@code failure} says why).
     *
     * @param bytes the bytes it wrote to the store
     */
    record InstanceSnapshotSaved(InstanceId id, long snapshotId, long bytes, String failure) implements Command {
    }

    private record InstanceStopped(InstanceId id) implements Command {
    }

    private enum SnapshotTick implements Command {
        INSTANCE
    }

    private enum StopTimedOut implements Command {
        INSTANCE
    }

    private enum PropagatedGraceOver implements Command {
        INSTANCE
    }

    private final String jobId;
    private final String jobName;
    private final long executionId;
    private final JobConfig config;
    private final ActorRef<ExecutionProtocol.Event> job;
    private final ExecutionPlan plan;
    private final TimerScheduler<Command> timers;
    private final Map<InstanceId, ActorRef<StageActor.Command>> instances = new HashMap<>();
    /** Instances that have neither reported an end nor terminated. */
    private final Map<InstanceId, ActorRef<StageActor.Command>> live = new HashMap<>();
    /** vertex index -> instance -> that instance's input subscribers (in inlet order). */
    private final Map<Integer, List<List<Subscriber<EdgeItem>>>> inletSubscribers = new HashMap<>();
    private int completedCount;
    private int wiringVertex;
    private int awaitingMaterialized;
    /** {@code null} while running; the end being reported once every instance stopped. */
    private JobStatus stopping;
    private Throwable endCause;
    private String endWhere;
    private InstanceFailed propagatedFailure;

    // snapshots
    private final ExecutionProtocol.Spec spec;
    private final ProcessingGuarantee guarantee;
    /** Instances that completed (their stream ended normally). */
    private final java.util.Set<InstanceId> completed = new java.util.HashSet<>();
    /** What this execution was restored from, or {@code null} for a fresh start. */
    private SnapshotRestore.Restored restored;
    private long nextSnapshotId;
    /** The snapshot being taken or waiting for the job's commit, or {@code null}. */
    private SnapshotInProgress snapshot;
    /** A snapshot asked for while the execution was starting or another was in progress: {@code null}, or whether it is terminal. */
    private Boolean requested;
    private Codecs markerCodecs;

    private static final class SnapshotInProgress {
        final long id;
        final long startNanos = System.nanoTime();
        final boolean terminal;
        final java.util.Set<InstanceId> awaiting = new java.util.HashSet<>();
        long bytes;
        String failure;
        boolean taken;
        boolean warned;

        SnapshotInProgress(long id, boolean terminal) {
            this.id = id;
            this.terminal = terminal;
        }
    }

    private JobCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, ExecutionProtocol.Spec spec,
                           ExecutionPlan plan, ActorRef<ExecutionProtocol.Event> job) {
        super(context);
        this.timers = timers;
        this.jobId = spec.jobId();
        this.jobName = spec.jobName();
        this.executionId = spec.executionId();
        this.plan = plan;
        this.config = spec.config();
        this.job = job;
        this.spec = spec;
        this.guarantee = spec.store() == null ? ProcessingGuarantee.NONE : spec.config().getProcessingGuarantee();
        this.nextSnapshotId = spec.firstSnapshotId();
    }

    /** An execution of a job, reporting to {@code job}. */
    static Behavior<Command> create(ExecutionProtocol.Spec spec, ActorRef<ExecutionProtocol.Event> job) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ExecutionPlan plan;
            try {
                plan = ExecutionPlan.of(spec.dag(), spec.defaultParallelism(), spec.config());
            } catch (RuntimeException e) {
                job.tell(new ExecutionProtocol.ExecutionEnded(spec.executionId(), JobStatus.FAILED, e, null));
                return Behaviors.stopped();
            }
            JobCoordinator coordinator = new JobCoordinator(ctx, timers, spec, plan, job);
            try {
                coordinator.restoreState();
            } catch (RuntimeException e) {
                job.tell(new ExecutionProtocol.ExecutionEnded(spec.executionId(), JobStatus.FAILED, e, null));
                return Behaviors.stopped();
            }
            coordinator.start();
            return coordinator;
        }));
    }

    /** Reads the state this execution starts from (see {@link ExecutionProtocol.Restore}). */
    private void restoreState() {
        if (spec.restoreFrom() instanceof ExecutionProtocol.LastCommitted last && spec.store() != null) {
            restored = SnapshotRestore.read(spec.store(), last.storeKey(), jobName, plan, config.getPartitionCount(),
                    guarantee == ProcessingGuarantee.AT_MOST_ONCE).orElse(null);
            if (restored != null && guarantee == ProcessingGuarantee.AT_MOST_ONCE) {
                getContext().getLog().info("job '{}' ({}): execution {} resumes its sources after what they handed on"
                        + " (at most once: the other stages start empty)", jobName, jobId, executionId);
            } else if (restored != null) {
                getContext().getLog().info("job '{}' ({}): execution {} restores snapshot {} of '{}'", jobName, jobId,
                        executionId, restored.snapshotId(), last.storeKey());
            }
        }
    }

    private void start() {
        getContext().getLog().debug("job {} ({}): starting {} instances of {} vertices", jobName, jobId,
                plan.instanceCount(), plan.vertices().size());
        for (ExecutionPlan.VertexPlan vp : plan.vertices()) {
            int batchSize = vp.batchSize();
            long maxBatchBytes = vp.maxBatchBytes();
            Duration batchWait = Duration.ofMillis(vp.batchWaitMillis());
            String description = vp.description();
            for (int i = 0; i < vp.parallelism(); i++) {
                InstanceId id = new InstanceId(jobId, vp.index(), vp.vertex().name(), i);
                ProcessorContext ctx = new ProcessorContext(jobName, vp.vertex().name(), i, i, vp.parallelism(),
                        config.getPartitionCount(), batchSize, config.getMaxProcessorAccumulatedRecords(), guarantee);
                StageActor.SnapshotSetup snapshots = guarantee == ProcessingGuarantee.NONE ? null
                        : new StageActor.SnapshotSetup(guarantee, spec.store(), jobId);
                boolean restoredDone = restored != null && restored.isDone(vp.index(), i);
                List<Map.Entry<Object, Object>> restore = restored == null ? null : restored.entriesOf(vp.index(), i);
                StageActor.Spec instanceSpec = new StageActor.Spec(id, description, vp.vertex().supplier(), ctx,
                        vp.inlets(i), vp.outlets(i), plan, batchSize, maxBatchBytes, batchWait, 0L, snapshots, restore,
                        restoredDone);
                ActorRef<StageActor.Command> ref = getContext().spawn(StageActor.create(instanceSpec, getContext().getSelf()),
                        id.actorName());
                getContext().watchWith(ref, new InstanceStopped(id));
                instances.put(id, ref);
                live.put(id, ref);
            }
        }
        wiringVertex = plan.vertices().size();
        wireNextVertex();
    }

    /** Materialises the instances of the next vertex (going upstream). */
    private void wireNextVertex() {
        wiringVertex--;
        if (wiringVertex < 0) {
            job.tell(new ExecutionProtocol.ExecutionRunning(executionId));
            if (takesSnapshots()) {
                Duration interval = Duration.ofMillis(config.getSnapshotIntervalMillis());
                timers.startTimerWithFixedDelay(SnapshotTick.INSTANCE, interval, interval);
                startRequestedSnapshot();
            }
            return;
        }
        ExecutionPlan.VertexPlan vp = plan.vertices().get(wiringVertex);
        awaitingMaterialized = vp.parallelism();
        for (int i = 0; i < vp.parallelism(); i++) {
            List<Subscriber<EdgeItem>> outletSubscribers = new ArrayList<>();
            for (ExecutionPlan.OutletSpec out : vp.outlets(i)) {
                ExecutionPlan.VertexPlan consumer = plan.vertexPlan(plan.edge(out.edgeIndex()).destination());
                List<ExecutionPlan.InletSpec> consumerInlets = consumer.inlets(out.consumer());
                int inletIndex = -1;
                for (int k = 0; k < consumerInlets.size(); k++) {
                    ExecutionPlan.InletSpec in = consumerInlets.get(k);
                    if (in.edgeIndex() == out.edgeIndex() && in.producer() == i) {
                        inletIndex = k;
                        break;
                    }
                }
                outletSubscribers.add(inletSubscribers.get(consumer.index()).get(out.consumer()).get(inletIndex));
            }
            instances.get(new InstanceId(jobId, vp.index(), vp.vertex().name(), i))
                    .tell(new StageActor.Materialize(outletSubscribers));
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(InstanceMaterialized.class, this::onMaterialized)
                .onMessage(InstanceCompleted.class, this::onCompleted)
                .onMessage(InstanceFailed.class, this::onFailed)
                .onMessage(InstanceStopped.class, this::onStopped)
                .onMessage(Cancel.class, c -> onCancel())
                .onMessage(Fail.class, f -> stopping != null ? this : beginStop(JobStatus.FAILED, f.cause(), null))
                .onMessage(PropagatedGraceOver.class, c -> onPropagatedGraceOver())
                .onMessage(StopTimedOut.class, c -> onStopTimedOut())
                .onMessage(SnapshotTick.class, t -> onSnapshotTick())
                .onMessage(TakeSnapshot.class, this::onTakeSnapshot)
                .onMessage(InstanceSnapshotSaved.class, this::onInstanceSnapshotSaved)
                .onMessage(SnapshotCommitted.class, this::onSnapshotCommitted)
                .onMessage(SnapshotCommitFailed.class, this::onSnapshotCommitFailed)
                .build();
    }

    private Behavior<Command> onMaterialized(InstanceMaterialized msg) {
        if (stopping != null) {
            return this;
        }
        ExecutionPlan.VertexPlan vp = plan.vertices().get(msg.id().vertexIndex());
        inletSubscribers.computeIfAbsent(vp.index(), k -> new ArrayList<>(java.util.Collections.nCopies(vp.parallelism(),
                List.<Subscriber<EdgeItem>>of()))).set(msg.id().instance(), msg.inletSubscribers());
        if (--awaitingMaterialized == 0) {
            wireNextVertex();
        }
        return this;
    }

    private Behavior<Command> onCompleted(InstanceCompleted msg) {
        ended(msg.id());
        completedCount++;
        completed.add(msg.id());
        if (snapshot != null && !snapshot.taken && snapshot.awaiting.remove(msg.id())) {
            // it completed before it saw the barrier: everything it emitted precedes the barrier downstream
            writeDoneMarker(snapshot, msg.id());
            if (snapshot.awaiting.isEmpty() && !(completedCount == instances.size())) {
                snapshotTaken();
            }
        }
        if (stopping == null && completedCount == instances.size()) {
            return beginStop(JobStatus.COMPLETED, null, null);
        }
        return stopping != null && live.isEmpty() ? finish() : this;
    }

    private Behavior<Command> onFailed(InstanceFailed msg) {
        ended(msg.id());
        if (stopping == null) {
            if (!msg.propagated()) {
                return beginStop(JobStatus.FAILED, explainRestored(msg), where(msg));
            }
            if (propagatedFailure == null) {
                propagatedFailure = msg;
                timers.startSingleTimer(PropagatedGraceOver.INSTANCE, PROPAGATED_GRACE);
            }
        }
        return stopping != null && live.isEmpty() ? finish() : this;
    }

    private Behavior<Command> onPropagatedGraceOver() {
        if (stopping != null) {
            return this;
        }
        return beginStop(JobStatus.FAILED, explainRestored(propagatedFailure), where(propagatedFailure));
    }

    /**
     * The cause of an instance's failure; a {@link ClassCastException} in a stage that restored
     * state is wrapped in one that says where the state came from and what to do: the usual reason
     * is a new job version whose stage of the same name keeps another class of state (the failure
     * shows in the stage's function at the first item of a restored key) or is another operation
     * (its restore throws).
     */
    private Throwable explainRestored(InstanceFailed f) {
        Throwable cause = f.cause();
        if (restored == null || !restored.hasState(f.id().vertexIndex())
                || !(spec.restoreFrom() instanceof ExecutionProtocol.LastCommitted from)) {
            return cause;
        }
        Throwable cce = cause;
        while (cce != null && !(cce instanceof ClassCastException)) {
            cce = cce.getCause() == cce ? null : cce.getCause();
        }
        if (cce == null) {
            return cause;
        }
        String source = from.storeKey().startsWith("export:")
                ? "exported snapshot '" + from.storeKey().substring("export:".length()) + "' (id " + restored.snapshotId() + ")"
                : "snapshot " + restored.snapshotId();
        return new IllegalStateException("stage '" + f.stage() + "' restored its state from " + source + " and"
                + " failed with " + cce.getClass().getSimpleName() + ": " + cce.getMessage() + ". The saved state does"
                + " not fit the stage as it is now; the usual reason is that the stage's state class or operation"
                + " changed since the snapshot was taken: keep them, give the changed stage a new name (setName) so that"
                + " it starts with empty state, or start the job without the snapshot", cause);
    }

    private Behavior<Command> onStopped(InstanceStopped msg) {
        if (live.remove(msg.id()) != null && stopping == null) {
            // an instance actor stopped without reporting an end
            return beginStop(JobStatus.FAILED, new IllegalStateException("stage instance " + msg.id()
                    + " stopped unexpectedly"), null);
        }
        return stopping != null && live.isEmpty() ? finish() : this;
    }

    private Behavior<Command> onCancel() {
        return stopping != null ? this : beginStop(JobStatus.CANCELLED, null, null);
    }

    private Behavior<Command> onStopTimedOut() {
        getContext().getLog().warn("job '{}': instances {} did not stop within {} s of being cancelled (user code that"
                + " ignores interrupts?); reporting the job as {} anyway", jobName, live.keySet(), STOP_TIMEOUT.toSeconds(),
                stopping);
        return finish();
    }

    /** An instance reported its end: its stream has stopped, so it no longer runs user code. */
    private void ended(InstanceId id) {
        ActorRef<StageActor.Command> ref = live.remove(id);
        if (ref != null) {
            getContext().unwatch(ref);
        }
    }

    // ---------------------------------------------------------------------------------- snapshots

    private Behavior<Command> onSnapshotTick() {
        if (stopping == null && snapshot == null && wiringVertex < 0) {
            startSnapshot(false);
        } else if (snapshot != null && !snapshot.warned
                && System.nanoTime() - snapshot.startNanos > java.util.concurrent.TimeUnit.SECONDS.toNanos(10)) {
            snapshot.warned = true;
            getContext().getLog().warn("job '{}': snapshot {} has waited {} s for {}", jobName, snapshot.id,
                    (System.nanoTime() - snapshot.startNanos) / 1_000_000_000L,
                    snapshot.taken ? "the job to commit it" : "instances " + snapshot.awaiting);
            for (InstanceId id : snapshot.awaiting) {
                ActorRef<StageActor.Command> ref = live.get(id);
                if (ref != null) {
                    ref.tell(StageActor.Describe.INSTANCE);
                }
            }
        }
        return this;
    }

    private Behavior<Command> onTakeSnapshot(TakeSnapshot msg) {
        if (stopping != null) {
            return this;
        }
        if (!takesSnapshots()) {
            if (msg.terminal()) {
                // nothing to save: the job is just stopped (at most once: its sources' offsets are recorded)
                return beginStop(JobStatus.CANCELLED, null, null);
            }
            job.tell(new ExecutionProtocol.SnapshotFailed(executionId, -1, "job '" + jobName + "' has processing"
                    + " guarantee " + guarantee + " and takes no snapshots; use AT_LEAST_ONCE or EXACTLY_ONCE"));
            return this;
        }
        if (snapshot != null || wiringVertex >= 0) {
            // taken once the execution runs or the current snapshot committed
            requested = (requested != null && requested) || msg.terminal();
            return this;
        }
        startSnapshot(msg.terminal());
        return this;
    }

    /**
     * Whether this execution takes snapshots: under at-least-once and exactly-once. At most once
     * restores nothing but the sources' recorded offsets, so it needs none.
     */
    private boolean takesSnapshots() {
        return guarantee == ProcessingGuarantee.AT_LEAST_ONCE || guarantee == ProcessingGuarantee.EXACTLY_ONCE;
    }

    /** Asks the sources for a barrier; the other instances save when it reaches them. */
    private void startSnapshot(boolean terminal) {
        snapshot = new SnapshotInProgress(nextSnapshotId++, terminal);
        writeSourceList(snapshot);
        for (Map.Entry<InstanceId, ActorRef<StageActor.Command>> e : instances.entrySet()) {
            InstanceId id = e.getKey();
            if (completed.contains(id)) {
                writeDoneMarker(snapshot, id);
            } else {
                snapshot.awaiting.add(id);
            }
        }
        for (InstanceId id : snapshot.awaiting) {
            if (plan.vertices().get(id.vertexIndex()).inlets(id.instance()).isEmpty()) {
                instances.get(id).tell(new StageActor.RequestSnapshot(snapshot.id));
            }
        }
        if (snapshot.awaiting.isEmpty()) {
            snapshotTaken();
        }
    }

    /**
     * Records that an instance had completed by this snapshot, so a restore does not run it again:
     * every consumer saves only once the barrier arrived on all its open inputs (at least once
     * too, without holding any), so the completed instance's output is in their state.
     */
    private void writeDoneMarker(SnapshotInProgress s, InstanceId id) {
        if (s.failure != null) {
            return;
        }
        try {
            if (markerCodecs == null) {
                markerCodecs = Codecs.create();
            }
            byte[] marker = markerCodecs.encode(Boolean.TRUE);
            spec.store().writeChunk(jobId, s.id, SnapshotRestore.DONE_PREFIX + id.vertexName(), id.instance(), marker);
            s.bytes += marker.length;
        } catch (RuntimeException e) {
            s.failure = "could not record that " + id + " completed: " + e.getMessage();
        }
    }

    /** Names the source vertices in the snapshot, so that {@code Job.sourceOffsets()} can show their state. */
    private void writeSourceList(SnapshotInProgress s) {
        java.util.ArrayList<Object> sources = new java.util.ArrayList<>();
        sources.add(config.getPartitionCount()); // where instance slots begin
        for (ExecutionPlan.VertexPlan vp : plan.vertices()) {
            if (vp.inbound().isEmpty()) {
                sources.add(vp.vertex().name());
            }
        }
        try {
            if (markerCodecs == null) {
                markerCodecs = Codecs.create();
            }
            byte[] chunk = markerCodecs.encode(sources);
            spec.store().writeChunk(jobId, s.id, SnapshotRestore.SOURCES, 0, chunk);
            s.bytes += chunk.length;
        } catch (RuntimeException e) {
            s.failure = "could not record the source vertices: " + e.getMessage();
        }
    }

    private Behavior<Command> onInstanceSnapshotSaved(InstanceSnapshotSaved msg) {
        SnapshotInProgress s = snapshot;
        if (s == null || s.taken || msg.snapshotId() != s.id || !s.awaiting.remove(msg.id())) {
            return this;
        }
        s.bytes += msg.bytes();
        if (msg.failure() != null && s.failure == null) {
            s.failure = msg.failure();
        }
        if (s.awaiting.isEmpty()) {
            snapshotTaken();
        }
        return this;
    }

    /** Every instance has saved (or completed): report to the job, which commits. */
    private void snapshotTaken() {
        SnapshotInProgress s = snapshot;
        s.taken = true;
        long millis = (System.nanoTime() - s.startNanos) / 1_000_000;
        if (s.failure != null) {
            getContext().getLog().warn("job '{}': snapshot {} failed and was dropped; the job goes on and the next"
                    + " interval tries again: {}", jobName, s.id, s.failure);
            try {
                spec.store().abort(jobId, s.id);
            } catch (RuntimeException e) {
                getContext().getLog().warn("job '{}': could not drop snapshot {}: {}", jobName, s.id, e.toString());
            }
            job.tell(new ExecutionProtocol.SnapshotFailed(executionId, s.id, s.failure));
            tellLive(new StageActor.SnapshotOutcome(s.id, false));
            snapshot = null;
            startRequestedSnapshot();
            return;
        }
        job.tell(new ExecutionProtocol.SnapshotTaken(executionId, s.id, s.bytes, millis, s.terminal));
    }

    private Behavior<Command> onSnapshotCommitted(SnapshotCommitted msg) {
        SnapshotInProgress s = snapshot;
        if (s == null || msg.snapshotId() != s.id) {
            return this;
        }
        snapshot = null;
        if (stopping != null) {
            return this;
        }
        tellLive(new StageActor.SnapshotOutcome(s.id, true));
        if (s.terminal) {
            return beginStop(JobStatus.CANCELLED, null, null);
        }
        startRequestedSnapshot();
        return this;
    }

    private Behavior<Command> onSnapshotCommitFailed(SnapshotCommitFailed msg) {
        SnapshotInProgress s = snapshot;
        if (s == null || msg.snapshotId() != s.id) {
            return this;
        }
        snapshot = null;
        if (stopping == null) {
            tellLive(new StageActor.SnapshotOutcome(s.id, false));
            startRequestedSnapshot();
        }
        return this;
    }

    private void startRequestedSnapshot() {
        if (requested != null && snapshot == null && stopping == null) {
            boolean terminal = requested;
            requested = null;
            startSnapshot(terminal);
        }
    }

    private void tellLive(StageActor.Command msg) {
        for (ActorRef<StageActor.Command> ref : live.values()) {
            ref.tell(msg);
        }
    }

    private String where(InstanceFailed f) {
        ExecutionPlan.VertexPlan vp = plan.vertices().get(f.id().vertexIndex());
        return "stage '" + f.stage() + "' (vertex '" + f.id().vertexName() + "', instance #" + f.id().instance()
                + " of " + vp.parallelism() + ")";
    }

    private Behavior<Command> beginStop(JobStatus end, Throwable cause, String where) {
        stopping = end;
        endCause = cause;
        endWhere = where;
        if (end == JobStatus.FAILED) {
            // the caller gets the same text in its JobFailedException; logged for those who watch the node
            getContext().getLog().debug("job '{}' failed{}", jobName, where == null ? "" : " in " + where, cause);
        }
        for (ActorRef<StageActor.Command> ref : live.values()) {
            ref.tell(StageActor.Cancel.INSTANCE);
        }
        if (live.isEmpty()) {
            return finish();
        }
        timers.startSingleTimer(StopTimedOut.INSTANCE, STOP_TIMEOUT);
        return this;
    }

    private Behavior<Command> finish() {
        job.tell(new ExecutionProtocol.ExecutionEnded(executionId, stopping, endCause, endWhere));
        return Behaviors.stopped();
    }
}
