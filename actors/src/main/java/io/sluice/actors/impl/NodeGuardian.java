package io.sluice.actors.impl;

import io.sluice.engine.core.Dag;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.HashMap;
import java.util.Map;

/**
 * The node's root actor: starts a {@link JobCoordinator} per submitted job and routes
 * cancellations to it. (In the cluster, coordinators become sharded entities keyed by job id.)
 */
final class NodeGuardian extends AbstractBehavior<NodeGuardian.Command> {

    interface Command {
    }

    record SubmitJob(String jobId, String jobName, Dag dag, JobConfig config, ActorRef<JobUpdate> client) implements Command {
    }

    record CancelJob(String jobId) implements Command {
    }

    private record CoordinatorStopped(String jobId) implements Command {
    }



    private final int defaultParallelism;
    private final Map<String, ActorRef<JobCoordinator.Command>> coordinators = new HashMap<>();

    private NodeGuardian(ActorContext<Command> context, int defaultParallelism) {
        super(context);
        this.defaultParallelism = defaultParallelism;
    }

    static Behavior<Command> create(int defaultParallelism) {
        return Behaviors.setup(ctx -> new NodeGuardian(ctx, defaultParallelism));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SubmitJob.class, this::onSubmit)
                .onMessage(CancelJob.class, this::onCancel)
                .onMessage(CoordinatorStopped.class, this::onCoordinatorStopped)

                .build();
    }

    private Behavior<Command> onSubmit(SubmitJob msg) {
        msg.client().tell(new JobUpdate(msg.jobId(), JobStatus.STARTING, null, null));
        // one forwarder per job (a message adapter is per message class, so it cannot tell jobs apart)
        ActorRef<ExecutionProtocol.Event> reports = getContext().spawn(Behaviors.receiveMessage(e -> {
            if (e instanceof ExecutionProtocol.ExecutionRunning) {
                msg.client().tell(new JobUpdate(msg.jobId(), JobStatus.RUNNING, null, null));
            } else if (e instanceof ExecutionProtocol.ExecutionEnded end) {
                msg.client().tell(new JobUpdate(msg.jobId(), end.status(), end.cause(), end.where()));
                return Behaviors.stopped();
            }
            return Behaviors.same();
        }), "reports-" + msg.jobId());
        ExecutionProtocol.Spec spec = new ExecutionProtocol.Spec(msg.jobId(), msg.jobName(), 1, msg.dag(), msg.config(),
                defaultParallelism, null, ExecutionProtocol.Fresh.INSTANCE, 1);
        ActorRef<JobCoordinator.Command> coordinator = getContext().spawn(JobCoordinator.create(spec, reports),
                "job-" + msg.jobId());
        getContext().watchWith(coordinator, new CoordinatorStopped(msg.jobId()));
        coordinators.put(msg.jobId(), coordinator);
        return this;
    }

    private Behavior<Command> onCancel(CancelJob msg) {
        ActorRef<JobCoordinator.Command> coordinator = coordinators.get(msg.jobId());
        if (coordinator != null) {
            coordinator.tell(JobCoordinator.Cancel.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onCoordinatorStopped(CoordinatorStopped msg) {
        coordinators.remove(msg.jobId());
        return this;
    }
}
