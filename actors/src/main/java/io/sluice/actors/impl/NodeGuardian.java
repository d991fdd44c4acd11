package io.sluice.actors.impl;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The node's root actor: keeps the {@link JobRegistry} and one {@link JobEntity} per job, routes
 * the client's commands to them and their status updates to the client's handles.
 *
 * <p>Start-up: the registry is read from the journal; every live job's entity is started with
 * {@code resumeOnRecovery} and reports its status; once all did, the node is ready
 * ({@link AwaitReady}). A registry that cannot be read (the journal failed) fails the start with
 * that cause. (In the cluster, job entities become sharded entities keyed by job id.)
 */
final class NodeGuardian extends AbstractBehavior<NodeGuardian.Command> {

    interface Command {
    }

    record SubmitJob(String jobId, String jobName, byte[] dag, byte[] config, long submissionTime) implements Command {
    }

    /** A command for the job {@code jobId}'s entity. */
    record ToJob(String jobId, JobEntity.Command command) implements Command {
    }

    /** Replies once the jobs recorded in the journal have been started (or the journal failed). */
    record AwaitReady(ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** Stops every job's execution without recording it (the jobs resume on the next start) and replies. */
    record Shutdown(ActorRef<Done> replyTo) implements Command {
    }

    private record RegistryRecovered(JobRegistry.Recovered recovered) implements Command {
    }

    private record JobRegistered(String jobId) implements Command {
    }

    private record Update(JobUpdate update) implements Command {
    }

    private final JobEntity.Env env;
    private final Consumer<JobUpdate> client;
    private final ActorRef<JobRegistry.Command> registry;
    private final Map<String, ActorRef<JobEntity.Command>> jobs = new HashMap<>();
    private final Map<ActorRef<?>, String> jobOfRef = new HashMap<>();
    private final Map<String, SubmitJob> submitting = new HashMap<>();
    private final Set<String> recovering = new HashSet<>();
    /** Commands for jobs being registered, in arrival order. */
    private final Map<String, List<JobEntity.Command>> early = new HashMap<>();
    private final List<ActorRef<StatusReply<Done>>> readyWaiters = new ArrayList<>();
    private boolean registryRead;
    private Throwable startFailure;
    private ActorRef<Done> shutdownWaiter;

    private NodeGuardian(ActorContext<Command> context, JobEntity.Env.Factory envFactory, Consumer<JobUpdate> client) {
        super(context);
        this.client = client;
        this.env = envFactory.create(context.messageAdapter(JobUpdate.class, Update::new));
        this.registry = context.spawn(JobRegistry.create(context.messageAdapter(JobRegistry.Recovered.class,
                RegistryRecovered::new)), "jobs");
        context.watch(registry);
    }

    /**
     * @param envFactory what every job gets, given where its updates go
     * @param client     receives every job's status updates (called on this actor's thread)
     */
    static Behavior<Command> create(JobEntity.Env.Factory envFactory, Consumer<JobUpdate> client) {
        return Behaviors.setup(ctx -> new NodeGuardian(ctx, envFactory, client));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RegistryRecovered.class, this::onRegistryRecovered)
                .onMessage(SubmitJob.class, this::onSubmit)
                .onMessage(JobRegistered.class, this::onRegistered)
                .onMessage(ToJob.class, this::onToJob)
                .onMessage(Update.class, this::onUpdate)
                .onMessage(AwaitReady.class, this::onAwaitReady)
                .onMessage(Shutdown.class, this::onShutdown)
                .onSignal(ChildFailed.class, f -> onChildStopped(f.getRef(), f.getCause()))
                .onSignal(Terminated.class, t -> onChildStopped(t.getRef(), null))
                .build();
    }

    private Behavior<Command> onRegistryRecovered(RegistryRecovered msg) {
        registryRead = true;
        for (Map.Entry<String, String> job : msg.recovered().liveJobs().entrySet()) {
            recovering.add(job.getKey());
            spawnJob(job.getKey(), true);
        }
        getContext().getLog().debug("node: {} job(s) to resume from the journal", recovering.size());
        checkReady();
        return this;
    }

    private Behavior<Command> onSubmit(SubmitJob msg) {
        submitting.put(msg.jobId(), msg);
        ActorRef<JobRegistry.Registered> reply = getContext().messageAdapter(JobRegistry.Registered.class,
                r -> new JobRegistered(r.jobId()));
        registry.tell(new JobRegistry.Register(msg.jobId(), msg.jobName(), reply));
        return this;
    }

    private Behavior<Command> onRegistered(JobRegistered msg) {
        SubmitJob submit = submitting.remove(msg.jobId());
        if (submit != null) {
            ActorRef<JobEntity.Command> job = spawnJob(submit.jobId(), false);
            job.tell(new JobEntity.Submit(submit.jobName(), submit.dag(), submit.config(), submit.submissionTime()));
            List<JobEntity.Command> commands = early.remove(submit.jobId());
            if (commands != null) {
                commands.forEach(job::tell);
            }
        }
        return this;
    }

    private ActorRef<JobEntity.Command> spawnJob(String jobId, boolean resume) {
        ActorRef<JobEntity.Command> ref = getContext().spawn(JobEntity.create(jobId, env, resume), "job-" + jobId);
        getContext().watch(ref);
        jobs.put(jobId, ref);
        jobOfRef.put(ref, jobId);
        return ref;
    }

    private Behavior<Command> onToJob(ToJob msg) {
        ActorRef<JobEntity.Command> ref = jobs.get(msg.jobId());
        if (ref != null) {
            ref.tell(msg.command());
        } else if (submitting.containsKey(msg.jobId())) {
            early.computeIfAbsent(msg.jobId(), k -> new ArrayList<>()).add(msg.command()); // delivered once registered
        }
        return this;
    }

    private Behavior<Command> onUpdate(Update msg) {
        JobUpdate update = msg.update();
        client.accept(update);
        if (update.status().isTerminal()) {
            registry.tell(new JobRegistry.Unregister(update.jobId()));
        }
        if (recovering.remove(update.jobId())) {
            checkReady();
        }
        return this;
    }

    private Behavior<Command> onAwaitReady(AwaitReady msg) {
        readyWaiters.add(msg.replyTo());
        checkReady();
        return this;
    }

    private void checkReady() {
        if (startFailure == null && (!registryRead || !recovering.isEmpty())) {
            return;
        }
        for (ActorRef<StatusReply<Done>> waiter : readyWaiters) {
            waiter.tell(startFailure == null ? StatusReply.ack() : StatusReply.error(startFailure));
        }
        readyWaiters.clear();
    }

    private Behavior<Command> onShutdown(Shutdown msg) {
        shutdownWaiter = msg.replyTo();
        for (ActorRef<JobEntity.Command> ref : jobs.values()) {
            ref.tell(JobEntity.Shutdown.INSTANCE);
        }
        return checkShutdown();
    }

    private Behavior<Command> checkShutdown() {
        if (shutdownWaiter != null && jobs.isEmpty()) {
            shutdownWaiter.tell(Done.getInstance());
            shutdownWaiter = null;
        }
        return this;
    }

    private Behavior<Command> onChildStopped(ActorRef<?> ref, Throwable cause) {
        if (ref.equals(registry)) {
            if (!registryRead || cause != null) {
                startFailure = cause != null ? cause : new IllegalStateException("the job registry stopped");
                getContext().getLog().error("node: the job journal failed", startFailure);
                checkReady();
            }
            return this;
        }
        String jobId = jobOfRef.remove(ref);
        if (jobId == null) {
            return this;
        }
        jobs.remove(jobId);
        if (cause != null) {
            getContext().getLog().error("job {}: its entity failed (journal?)", jobId, cause);
            client.accept(new JobUpdate(jobId, null, io.sluice.engine.job.JobStatus.FAILED, new IllegalStateException(
                    "the job's journal failed: " + cause, cause), null));
        }
        if (recovering.remove(jobId)) {
            checkReady();
        }
        return checkShutdown();
    }
}
