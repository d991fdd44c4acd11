package io.sluice.actors.impl;

import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.impl.execution.ProcessorDriver;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.snapshot.SnapshotStore;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.AmorphousShape;
import org.apache.pekko.stream.ClosedShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.RunnableGraph;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.reactivestreams.Subscriber;
import scala.jdk.javaapi.CollectionConverters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One vertex instance: materialises its Pekko Streams graph (input connections -&gt;
 * {@link ProcessorStage} -&gt; output connections) when the coordinator hands it its output
 * subscribers, and reports the stream's completion or failure to the coordinator. The stream is
 * bound to this actor: stopping the actor stops the stream.
 *
 * <p>Connections are Reactive Streams subscribers today (one JVM); across nodes they become
 * StreamRefs with the same two-phase wiring (consumers first, in reverse topological order).
 *
 * <p>A processor that accumulates records is entered in the node's {@link MemoryGuard} while the
 * instance runs, so the heap watchdog can see what it holds; the entry goes when the actor stops.
 */
final class StageActor extends AbstractBehavior<StageActor.Command> {

    /** Messages of the stage actor. */
    interface Command {
    }

    /**
     * Build and start the stream, writing to {@code outletSubscribers} (in outlet order).
     *
     * @param outletSubscribers the consumers' input subscribers for each of this instance's outlets
     */
    record Materialize(List<Subscriber<EdgeItem>> outletSubscribers) implements Command {
    }

    /**
     * Stop now: the processor is asked to stop at its next item, a thread blocked in user code is
     * interrupted, and the actor stops; its termination (which the coordinator watches) comes after
     * the stream has stopped, so after the last call of user code.
     */
    enum Cancel implements Command {
        INSTANCE
    }

    /** Take snapshot {@code snapshotId} now (sent to sources; the others take it when its barrier arrives). */
    record RequestSnapshot(long snapshotId) implements Command {
    }

    /** Snapshot {@code snapshotId} committed ({@code committed}) or failed: two-phase sinks finish it. */
    record SnapshotOutcome(long snapshotId, boolean committed) implements Command {
    }

    /** Log the instance's state at WARN (a snapshot waits for it). */
    enum Describe implements Command {
        INSTANCE
    }

    private record StreamEnded(Throwable failure) implements Command {
    }

    /**
     * How an instance takes part in snapshots.
     *
     * @param guarantee the job's guarantee, not {@code NONE}
     * @param store     where its state goes
     * @param storeKey  the job's key in the store
     */
    record SnapshotSetup(ProcessingGuarantee guarantee, SnapshotStore store, String storeKey) {
    }

    /**
     * What an instance needs to run.
     *
     * @param description the vertex's stages, named in failures the processor cannot attribute
     * @param snapshots   how it takes part in snapshots, or {@code null} (no guarantee)
     * @param restore     the state it starts from, or {@code null} for a fresh start
     * @param restoredDone the instance had completed in the snapshot it is restored from: it runs no
     *                    processor and completes at once
     */
    record Spec(InstanceId id, String description, ProcessorSupplier supplier, ProcessorContext context,
                List<ExecutionPlan.InletSpec> inlets, List<ExecutionPlan.OutletSpec> outlets,
                ExecutionPlan plan, int batchSize, long maxBatchBytes, Duration batchWait, long idleTimeoutNanos,
                SnapshotSetup snapshots, List<Map.Entry<Object, Object>> restore, boolean restoredDone) {
    }

    private final Spec spec;
    private final ActorRef<JobCoordinator.Command> coordinator;
    private final InstanceControl control = new InstanceControl();
    private final MemoryGuard memoryGuard;
    /** At most once, for a source: records its offsets; {@code null} otherwise. */
    private final InstanceSnapshots atMostOnceRecorder;
    /** Set on the stream's thread when the driver is created (before its first call). */
    private volatile boolean sourceRecordsInside;

    private StageActor(ActorContext<Command> context, Spec spec, ActorRef<JobCoordinator.Command> coordinator) {
        super(context);
        this.spec = spec;
        this.coordinator = coordinator;
        this.memoryGuard = MemoryGuard.get(context.getSystem());
        SnapshotSetup snapshots = spec.snapshots();
        this.atMostOnceRecorder = snapshots == null || snapshots.guarantee() != ProcessingGuarantee.AT_MOST_ONCE
                || !spec.inlets().isEmpty() || spec.restoredDone() ? null
                : new InstanceSnapshots(spec.id(), snapshots.storeKey(), spec.description(), snapshots.store(),
                        spec.context().partitionCount(), spec.context().globalIndex(), coordinator);
    }

    static Behavior<Command> create(Spec spec, ActorRef<JobCoordinator.Command> coordinator) {
        return Behaviors.setup(ctx -> new StageActor(ctx, spec, coordinator));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Materialize.class, this::onMaterialize)
                .onMessage(StreamEnded.class, this::onStreamEnded)
                .onMessage(Cancel.class, c -> onCancel())
                .onMessage(RequestSnapshot.class, r -> {
                    control.signal(new InstanceControl.SnapshotSignal(r.snapshotId(), InstanceControl.SnapshotSignal.Kind.REQUEST));
                    return this;
                })
                .onMessage(Describe.class, d -> {
                    control.signal(new InstanceControl.SnapshotSignal(-1, InstanceControl.SnapshotSignal.Kind.DESCRIBE));
                    return this;
                })
                .onMessage(SnapshotOutcome.class, o -> {
                    control.signal(new InstanceControl.SnapshotSignal(o.snapshotId(), o.committed()
                            ? InstanceControl.SnapshotSignal.Kind.COMMITTED : InstanceControl.SnapshotSignal.Kind.FAILED));
                    return this;
                })
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onCancel() {
        control.cancel();
        return Behaviors.stopped();
    }

    private Behavior<Command> onMaterialize(Materialize msg) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<Subscriber<EdgeItem>> inletSubscribers;
        try {
            inletSubscribers = materialize(msg.outletSubscribers(), done);
        } catch (Throwable t) {
            coordinator.tell(new JobCoordinator.InstanceFailed(spec.id(), t, spec.description(), false));
            return Behaviors.stopped();
        }
        getContext().pipeToSelf(done, (ok, failure) -> new StreamEnded(unwrap(failure)));
        coordinator.tell(new JobCoordinator.InstanceMaterialized(spec.id(), inletSubscribers));
        return this;
    }

    private List<Subscriber<EdgeItem>> materialize(List<Subscriber<EdgeItem>> outletSubscribers, CompletableFuture<Void> done) {
        int inletCount = spec.inlets().size();
        int outletCount = spec.outlets().size();
        if (outletSubscribers.size() != outletCount) {
            throw new IllegalStateException("instance " + spec.id() + " has " + outletCount + " outlets but got "
                    + outletSubscribers.size() + " subscribers");
        }
        ProcessorStage stage = new ProcessorStage(spec.id().toString(), spec.description(), inletCount, outletCount,
                this::newDriver, done, spec.batchWait(), Duration.ofMillis(1), control,
                spec.restoredDone() ? null : spec.restore(), offsetRecorder());
        List<Subscriber<EdgeItem>> inletSubscribers = new ArrayList<>(java.util.Collections.nCopies(inletCount, null));
        RunnableGraph<NotUsed> graph = RunnableGraph.fromGraph(GraphDSL.create(b -> {
            AmorphousShape shape = b.add(stage);
            List<Inlet<?>> inlets = CollectionConverters.asJava(shape.inlets());
            List<Outlet<?>> outlets = CollectionConverters.asJava(shape.outlets());
            for (int i = 0; i < inletCount; i++) {
                int index = i;
                Source<EdgeItem, NotUsed> input = Source.<EdgeItem>asSubscriber()
                        .mapMaterializedValue(sub -> {
                            inletSubscribers.set(index, sub);
                            return NotUsed.getInstance();
                        });
                @SuppressWarnings("unchecked")
                Inlet<EdgeItem> inlet = (Inlet<EdgeItem>) inlets.get(i);
                b.from(b.add(input)).toInlet(inlet);
            }
            for (int j = 0; j < outletCount; j++) {
                @SuppressWarnings("unchecked")
                Outlet<EdgeItem> outlet = (Outlet<EdgeItem>) outlets.get(j);
                b.from(outlet).to(b.add(Sink.fromSubscriber(outletSubscribers.get(j))));
            }
            return ClosedShape.getInstance();
        })).withAttributes(ActorAttributes.dispatcher(EmbeddedSluice.STAGE_DISPATCHER));
        graph.run(Materializer.createMaterializer(getContext()));
        return inletSubscribers;
    }

    /**
     * At most once: a source records its offset before its output goes on (see {@link InstanceSnapshots}):
     * inside its calls when stages are fused after it ({@code FusedProcessor} holds their input until
     * then, wired in {@link #newDriver}), else after each call, before the stage pushes the output.
     */
    private ProcessorStage.OffsetRecorder offsetRecorder() {
        InstanceSnapshots recorder = atMostOnceRecorder;
        if (recorder == null) {
            return null;
        }
        return driver -> {
            if (sourceRecordsInside) {
                return;
            }
            List<Object> pairs = new ArrayList<>();
            if (driver.saveStateNow((key, value) -> {
                pairs.add(key);
                pairs.add(value);
            })) {
                recorder.recordSourceOffset(pairs);
            }
        };
    }

    private ProcessorDriver newDriver() {
        Processor processor = spec.restoredDone() ? new CompletedProcessor() : spec.supplier().get(spec.context());
        if (processor == null) {
            throw new IllegalStateException("the processor supplier of vertex '" + spec.id().vertexName() + "' returned null");
        }
        ProcessorDriver driver = new ProcessorDriver(processor, spec.context(), spec.inlets(), spec.outlets(),
                spec.plan()::edge, spec.batchSize(), spec.maxBatchBytes(), spec.idleTimeoutNanos());
        if (atMostOnceRecorder != null) {
            sourceRecordsInside = driver.recordSourceStateBeforeHandOff(atMostOnceRecorder::recordSourceOffset);
        }
        SnapshotSetup snapshots = spec.snapshots();
        if (snapshots != null) {
            driver.enableSnapshots(snapshots.guarantee(), new InstanceSnapshots(spec.id(), snapshots.storeKey(),
                    spec.description(), snapshots.store(), spec.context().partitionCount(), spec.context().globalIndex(),
                    coordinator));
        }
        if (processor instanceof StateReporting state) {
            // called on the stream's thread; the guard is thread-safe, the actor context is not used
            memoryGuard.register(new MemoryGuard.Holder(spec.id(), spec.context().jobName(), state, driver::abort,
                    coordinator));
        }
        return driver;
    }

    private Behavior<Command> onStreamEnded(StreamEnded msg) {
        Throwable failure = msg.failure();
        if (failure == null) {
            coordinator.tell(new JobCoordinator.InstanceCompleted(spec.id()));
        } else if (failure instanceof StageFailure f) {
            coordinator.tell(new JobCoordinator.InstanceFailed(spec.id(), f.getCause(), f.stage(), f.propagated()));
        } else {
            coordinator.tell(new JobCoordinator.InstanceFailed(spec.id(), failure, spec.description(), false));
        }
        return Behaviors.stopped();
    }

    /** The stream stopped with the actor: the processor's state must not stay reachable from the guard. */
    private Behavior<Command> onPostStop() {
        memoryGuard.unregister(spec.id());
        return this;
    }

    /**
     * Stands in for the processor of an instance that had completed in the snapshot the execution
     * is restored from: everything it emitted is accounted for downstream, so it emits nothing and
     * completes (its inputs, from completed instances too, complete at once).
     */
    private static final class CompletedProcessor implements Processor {
        @Override
        public void process(int ordinal, io.sluice.engine.core.Batch batch) {
            // upstream instances completed too: no input arrives
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
