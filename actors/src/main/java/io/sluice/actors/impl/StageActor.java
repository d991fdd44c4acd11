package io.sluice.actors.impl;

import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.impl.execution.ProcessorDriver;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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
import java.util.concurrent.CompletableFuture;

/**
 * One vertex instance: materialises its Pekko Streams graph (input connections -&gt;
 * {@link ProcessorStage} -&gt; output connections) when the coordinator hands it its output
 * subscribers, and reports the stream's completion or failure to the coordinator. The stream is
 * bound to this actor: stopping the actor stops the stream.
 *
 * <p>Connections are Reactive Streams subscribers today (one JVM); across nodes they become
 * StreamRefs with the same two-phase wiring (consumers first, in reverse topological order).
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

    private record StreamEnded(Throwable failure) implements Command {
    }

    /** What an instance needs to run. */
    record Spec(InstanceId id, ProcessorSupplier supplier, ProcessorContext context,
                List<ExecutionPlan.InletSpec> inlets, List<ExecutionPlan.OutletSpec> outlets,
                ExecutionPlan plan, int batchSize, long maxBatchBytes, Duration batchWait, long idleTimeoutNanos) {
    }

    private final Spec spec;
    private final ActorRef<JobCoordinator.Command> coordinator;

    private StageActor(ActorContext<Command> context, Spec spec, ActorRef<JobCoordinator.Command> coordinator) {
        super(context);
        this.spec = spec;
        this.coordinator = coordinator;
    }

    static Behavior<Command> create(Spec spec, ActorRef<JobCoordinator.Command> coordinator) {
        return Behaviors.setup(ctx -> new StageActor(ctx, spec, coordinator));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Materialize.class, this::onMaterialize)
                .onMessage(StreamEnded.class, this::onStreamEnded)
                .build();
    }

    private Behavior<Command> onMaterialize(Materialize msg) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<Subscriber<EdgeItem>> inletSubscribers;
        try {
            inletSubscribers = materialize(msg.outletSubscribers(), done);
        } catch (Throwable t) {
            coordinator.tell(new JobCoordinator.InstanceFailed(spec.id(), t));
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
        ProcessorStage stage = new ProcessorStage(spec.id().toString(), inletCount, outletCount, this::newDriver, done,
                spec.batchWait(), Duration.ofMillis(1));
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

    private ProcessorDriver newDriver() {
        Processor processor = spec.supplier().get(spec.context());
        if (processor == null) {
            throw new IllegalStateException("the processor supplier of vertex '" + spec.id().vertexName() + "' returned null");
        }
        return new ProcessorDriver(processor, spec.context(), spec.inlets(), spec.outlets(), spec.plan()::edge,
                spec.batchSize(), spec.maxBatchBytes(), spec.idleTimeoutNanos());
    }

    private Behavior<Command> onStreamEnded(StreamEnded msg) {
        if (msg.failure() == null) {
            coordinator.tell(new JobCoordinator.InstanceCompleted(spec.id()));
        } else {
            coordinator.tell(new JobCoordinator.InstanceFailed(spec.id(), msg.failure()));
        }
        return Behaviors.stopped();
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
