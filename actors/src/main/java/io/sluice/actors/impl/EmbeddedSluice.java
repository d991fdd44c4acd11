package io.sluice.actors.impl;

import com.typesafe.config.Config;
import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.core.Dag;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import io.sluice.engine.pipeline.Pipeline;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node inside this JVM: an actor system whose guardian starts job coordinators. Stage
 * instances run on a dedicated dispatcher sized to the node's parallelism, control actors on
 * the default one. The node's heap watchdog ({@link MemoryGuard}) runs from start to close.
 *
 * <p>The node never exits its host JVM ({@code pekko.jvm-exit-on-fatal-error = off}): after a
 * fatal error outside a stage Pekko shuts the actor system down instead, and the jobs still
 * running then fail with a message saying the node stopped. (They are failed when the shutdown
 * starts: the actor whose thread took the fatal error may never process its stop, so the system's
 * termination itself can hang.)
 */
public final class EmbeddedSluice implements Sluice {
    /** The dispatcher stage instances' streams run on. */
    static final String STAGE_DISPATCHER = "sluice.stage-dispatcher";

    private static final AtomicLong JOB_COUNTER = new AtomicLong();

    private final ActorSystem<NodeGuardian.Command> system;
    private final SluiceConfig config;
    private final Map<String, JobImpl> jobs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private EmbeddedSluice(ActorSystem<NodeGuardian.Command> system, SluiceConfig config) {
        this.system = system;
        this.config = config;
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "sluice-fail-running-jobs",
                () -> {
                    onSystemStopping();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
        system.getWhenTerminated().thenRun(this::onSystemStopping);
    }

    /**
     * Starts an embedded node.
     *
     * @throws IllegalArgumentException if the configuration is invalid (see {@link SluiceConfig#toConfig()})
     */
    public static Sluice start(SluiceConfig config) {
        Objects.requireNonNull(config, "config");
        Config conf = config.toConfig(); // layered: see SluiceConfig
        // SLF4J initialises on first use: here, on the caller's thread, rather than in the actor
        // system's threads, where SLF4J warns that "logging calls during the initialization phase"
        // were intercepted and replayed.
        LoggerFactory.getILoggerFactory();
        ActorSystem<NodeGuardian.Command> system = ActorSystem.create(NodeGuardian.create(config.parallelism()),
                config.nodeName(), conf);
        try {
            MemoryGuard.get(system).startWatchdog(config.nodeName());
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
        return new EmbeddedSluice(system, config);
    }

    /** The node's actor system (for tests in this package). */
    ActorSystem<NodeGuardian.Command> system() {
        return system;
    }

    /**
     * The actor system shuts down without {@link #close()}: Pekko does that after a fatal error (an
     * {@code OutOfMemoryError} in one of its own threads, say). The jobs' coordinators go with it,
     * so their callers would wait forever: fail them here.
     */
    private synchronized void onSystemStopping() {
        if (closed) {
            return;
        }
        closed = true;
        IllegalStateException cause = new IllegalStateException("the Sluice node '" + config.nodeName() + "' stopped:"
                + " its actor system shut down, usually after a fatal error such as an OutOfMemoryError outside a"
                + " stage (see the log); start a new node");
        for (JobImpl job : jobs.values()) {
            job.update(new JobUpdate(job.id(), JobStatus.FAILED, cause, null));
        }
    }

    @Override
    public Job newJob(Pipeline pipeline, JobConfig config) {
        Objects.requireNonNull(pipeline, "pipeline");
        return newJob(pipeline.toDag(), config);
    }

    @Override
    public Job newJob(Dag dag, JobConfig jobConfig) {
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(jobConfig, "config");
        if (closed) {
            throw new IllegalStateException("this Sluice node is closed (or stopped after a fatal error); start a new one"
                    + " with Sluice.embedded()");
        }
        // Fail fast in the caller's thread: cycles, ordinals, serializability (the coordinator
        // works on a copy, exactly as a remote node would).
        ExecutionPlan.of(dag, config.parallelism(), jobConfig);
        Dag copy = Util.roundTrip(dag);
        JobConfig configCopy = Util.roundTrip(jobConfig);
        String id = Long.toString(System.currentTimeMillis(), 36) + "-" + JOB_COUNTER.incrementAndGet();
        String name = jobConfig.getName() != null ? jobConfig.getName() : "job-" + id;
        JobImpl job = new JobImpl(id, name, () -> system.tell(new NodeGuardian.CancelJob(id)));
        jobs.put(id, job);
        job.future().whenComplete((ok, failure) -> jobs.remove(id));
        var client = system.systemActorOf(JobClientActor.create(job), "job-client-" + id, Props.empty());
        system.tell(new NodeGuardian.SubmitJob(id, name, copy, configCopy, client));
        return job;
    }

    @Override
    public Config config() {
        return system.settings().config();
    }

    @Override
    public int defaultParallelism() {
        return config.parallelism();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        MemoryGuard.get(system).stopWatchdog();
        for (JobImpl job : jobs.values()) {
            job.cancel();
        }
        for (JobImpl job : jobs.values()) {
            try {
                job.future().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (Exception ignored) {
                // cancelled or failed: either way it has ended
            }
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the node did not stop within 30 s", e);
        }
    }
}
