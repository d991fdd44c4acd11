package io.sluice.actors.impl;

import io.sluice.engine.core.Dag;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
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
 */
final class JobCoordinator extends AbstractBehavior<JobCoordinator.Command> {

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

    record InstanceFailed(InstanceId id, Throwable cause) implements Command {
    }

    private final String jobId;
    private final String jobName;
    private final JobConfig config;
    private final ActorRef<JobUpdate> client;
    private final ExecutionPlan plan;
    private final Map<InstanceId, ActorRef<StageActor.Command>> instances = new HashMap<>();
    /** vertex index -> instance -> that instance's input subscribers (in inlet order). */
    private final Map<Integer, List<List<Subscriber<EdgeItem>>>> inletSubscribers = new HashMap<>();
    private final List<InstanceId> completed = new ArrayList<>();
    private int wiringVertex;
    private int awaitingMaterialized;
    private JobStatus status = JobStatus.STARTING;

    private JobCoordinator(ActorContext<Command> context, String jobId, String jobName, ExecutionPlan plan,
                           JobConfig config, ActorRef<JobUpdate> client) {
        super(context);
        this.jobId = jobId;
        this.jobName = jobName;
        this.plan = plan;
        this.config = config;
        this.client = client;
    }

    static Behavior<Command> create(String jobId, String jobName, Dag dag, JobConfig config, int defaultParallelism,
                                    ActorRef<JobUpdate> client) {
        return Behaviors.setup(ctx -> {
            ExecutionPlan plan;
            try {
                int parallelism = config.getDefaultLocalParallelism() > 0 ? config.getDefaultLocalParallelism() : defaultParallelism;
                plan = ExecutionPlan.of(dag, parallelism);
            } catch (RuntimeException e) {
                client.tell(new JobUpdate(jobId, JobStatus.FAILED, e));
                return Behaviors.stopped();
            }
            JobCoordinator coordinator = new JobCoordinator(ctx, jobId, jobName, plan, config, client);
            coordinator.start();
            return coordinator;
        });
    }

    private void start() {
        getContext().getLog().debug("job {} ({}): starting {} instances of {} vertices", jobName, jobId,
                plan.instanceCount(), plan.vertices().size());
        client.tell(new JobUpdate(jobId, JobStatus.STARTING, null));
        for (ExecutionPlan.VertexPlan vp : plan.vertices()) {
            int batchSize = vp.vertex().batchSize() > 0 ? vp.vertex().batchSize() : config.getBatchSize();
            long maxBatchBytes = vp.vertex().maxBatchBytes() > 0 ? vp.vertex().maxBatchBytes() : config.getMaxBatchBytes();
            long waitMillis = vp.vertex().batchWaitMillis() >= 0 ? vp.vertex().batchWaitMillis() : config.getBatchWaitMillis();
            Duration batchWait = Duration.ofMillis(Math.max(1, waitMillis));
            for (int i = 0; i < vp.parallelism(); i++) {
                InstanceId id = new InstanceId(jobId, vp.index(), vp.vertex().name(), i);
                ProcessorContext ctx = new ProcessorContext(jobName, vp.vertex().name(), i, i, vp.parallelism(),
                        config.getPartitionCount(), batchSize);
                StageActor.Spec spec = new StageActor.Spec(id, vp.vertex().supplier(), ctx, vp.inlets(i), vp.outlets(i),
                        plan, batchSize, maxBatchBytes, batchWait, 0L);
                ActorRef<StageActor.Command> ref = getContext().spawn(StageActor.create(spec, getContext().getSelf()),
                        id.actorName());
                getContext().watch(ref);
                instances.put(id, ref);
            }
        }
        wiringVertex = plan.vertices().size();
        wireNextVertex();
    }

    /** Materialises the instances of the next vertex (going upstream). */
    private void wireNextVertex() {
        wiringVertex--;
        if (wiringVertex < 0) {
            status = JobStatus.RUNNING;
            client.tell(new JobUpdate(jobId, JobStatus.RUNNING, null));
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
                .onMessage(Cancel.class, c -> onCancel())
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    private Behavior<Command> onMaterialized(InstanceMaterialized msg) {
        ExecutionPlan.VertexPlan vp = plan.vertices().get(msg.id().vertexIndex());
        inletSubscribers.computeIfAbsent(vp.index(), k -> new ArrayList<>(java.util.Collections.nCopies(vp.parallelism(),
                List.<Subscriber<EdgeItem>>of()))).set(msg.id().instance(), msg.inletSubscribers());
        if (--awaitingMaterialized == 0) {
            wireNextVertex();
        }
        return this;
    }

    private Behavior<Command> onCompleted(InstanceCompleted msg) {
        completed.add(msg.id());
        getContext().unwatch(instances.get(msg.id()));
        if (completed.size() == instances.size()) {
            status = JobStatus.COMPLETED;
            client.tell(new JobUpdate(jobId, JobStatus.COMPLETED, null));
            return Behaviors.stopped();
        }
        return this;
    }

    private Behavior<Command> onFailed(InstanceFailed msg) {
        getContext().getLog().debug("job {}: instance {} failed", jobName, msg.id(), msg.cause());
        return endWith(JobStatus.FAILED, msg.cause());
    }

    private Behavior<Command> onCancel() {
        return endWith(JobStatus.CANCELLED, null);
    }

    private Behavior<Command> onTerminated(Terminated signal) {
        // an instance actor stopped without reporting: treat as a failure of the job
        return endWith(JobStatus.FAILED, new IllegalStateException("stage instance " + signal.getRef().path().name()
                + " stopped unexpectedly"));
    }

    private Behavior<Command> endWith(JobStatus end, Throwable cause) {
        status = end;
        for (ActorRef<StageActor.Command> ref : instances.values()) {
            getContext().unwatch(ref);
            getContext().stop(ref);
        }
        client.tell(new JobUpdate(jobId, end, cause));
        return Behaviors.stopped();
    }
}
