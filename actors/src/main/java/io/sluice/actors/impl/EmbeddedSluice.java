package io.sluice.actors.impl;

import com.typesafe.config.Config;
import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.core.Dag;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.snapshot.InMemorySnapshotStore;
import io.sluice.engine.snapshot.SnapshotStore;
import io.sluice.persistence.snapshot.LevelDbSnapshotStore;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A node inside this JVM: an actor system whose guardian keeps the job entities. Stage
 * instances run on a dedicated dispatcher sized to the node's parallelism, control actors on
 * the default one. The node's heap watchdog ({@link MemoryGuard}) runs from start to close.
 *
 * <p>With a data directory ({@link DataDirectory}) the journal is LevelDB and snapshots go to a
 * {@link LevelDbSnapshotStore}; start-up reads the journal and resumes the jobs that were live
 * before it returns. Without one, both are in memory.
 *
 * <p>The node never exits its host JVM ({@code pekko.jvm-exit-on-fatal-error = off}): after a
 * fatal error outside a stage Pekko shuts the actor system down instead, and the jobs still
 * running then fail with a message saying the node stopped. (They are failed when the shutdown
 * starts: the actor whose thread took the fatal error may never process its stop, so the system's
 * termination itself can hang.)
 */
public final class EmbeddedSluice implements Sluice, JobImpl.Control {
    /** The dispatcher stage instances' streams run on. */
    static final String STAGE_DISPATCHER = "sluice.stage-dispatcher";
    /** How long start-up waits for the journal to be read and the live jobs to be started. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final AtomicLong JOB_COUNTER = new AtomicLong();

    private final ActorSystem<NodeGuardian.Command> system;
    private final SluiceConfig config;
    private final JobHandles handles;
    private final SnapshotStore store;
    private final DataDirectory data;
    private volatile boolean closed;

    private EmbeddedSluice(ActorSystem<NodeGuardian.Command> system, SluiceConfig config, JobHandles handles,
                           SnapshotStore store, DataDirectory data) {
        this.system = system;
        this.config = config;
        this.handles = handles;
        this.store = store;
        this.data = data;
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "sluice-fail-running-jobs",
                () -> {
                    onSystemStopping();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
        system.getWhenTerminated().thenRun(this::onSystemStopping);
    }

    /** The handles of the jobs this node knows, updated by the job entities. */
    static final class JobHandles {
        private final Map<String, JobImpl> byId = new ConcurrentHashMap<>();
        private final AtomicLong order = new AtomicLong();
        private volatile JobImpl.Control control;

        JobImpl create(String id, String name) {
            return byId.computeIfAbsent(id, k -> new JobImpl(id, name, order.incrementAndGet(), control));
        }

        void update(JobUpdate update) {
            JobImpl job = byId.get(update.jobId());
            if (job == null) {
                if (update.name() == null) {
                    return;
                }
                job = create(update.jobId(), update.name()); // a job resumed from the journal
            }
            job.update(update);
        }

        Optional<JobImpl> byName(String name) {
            Comparator<JobImpl> order = Comparator.comparing((JobImpl j) -> !j.status().isTerminal())
                    .thenComparingLong(JobImpl::order);
            return byId.values().stream().filter(j -> j.name().equals(name)).max(order);
        }

        Iterable<JobImpl> all() {
            return byId.values();
        }
    }

    /**
     * Starts an embedded node.
     *
     * @throws IllegalArgumentException if the configuration is invalid (see {@link SluiceConfig#toConfig()})
     * @throws IllegalStateException    if the data directory cannot be used or its journal cannot be read
     */
    public static Sluice start(SluiceConfig config) {
        Objects.requireNonNull(config, "config");
        Config conf = config.toConfig(); // layered: see SluiceConfig
        // SLF4J initialises on first use: here, on the caller's thread, rather than in the actor
        // system's threads, where SLF4J warns that "logging calls during the initialization phase"
        // were intercepted and replayed.
        LoggerFactory.getILoggerFactory();
        String dir = conf.getString("sluice.data-directory");
        DataDirectory data = null;
        SnapshotStore store;
        if (dir.isBlank()) {
            store = new InMemorySnapshotStore();
        } else {
            data = DataDirectory.open(Path.of(dir));
            try {
                store = LevelDbSnapshotStore.open(data.snapshots(), conf.getBytes("sluice.min-free-disk-space"));
            } catch (RuntimeException e) {
                data.close();
                throw new IllegalStateException(e.getMessage(), e);
            }
            conf = data.journalConfig().withFallback(conf);
        }
        JobHandles handles = new JobHandles();
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : EmbeddedSluice.class.getClassLoader();
        ActorSystem<NodeGuardian.Command> system;
        try {
            SnapshotStore nodeStore = store;
            system = ActorSystem.create(NodeGuardian.create(updates -> new JobEntity.Env(nodeStore, config.parallelism(),
                    updates, loader, JobCoordinator::create), handles::update), config.nodeName(), conf);
        } catch (RuntimeException e) {
            closeStorage(store, data);
            throw e;
        }
        EmbeddedSluice node = new EmbeddedSluice(system, config, handles, store, data);
        handles.control = node;
        try {
            MemoryGuard.get(system).startWatchdog(config.nodeName());
            node.awaitReady();
        } catch (RuntimeException e) {
            node.closed = true;
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing anyway
            }
            closeStorage(store, data);
            throw e;
        }
        return node;
    }

    private void awaitReady() {
        try {
            AskPattern.<NodeGuardian.Command, StatusReply<Done>>ask(system, NodeGuardian.AwaitReady::new, START_TIMEOUT,
                    system.scheduler()).toCompletableFuture().get().getValue();
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("the node could not read its job journal"
                    + (data == null ? "" : " in " + data.journal()) + ": " + cause
                    + (data == null ? "" : "; if the directory was damaged, move it away and start with a new one"), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the node started", e);
        }
    }

    private static void closeStorage(SnapshotStore store, DataDirectory data) {
        try {
            store.close();
        } finally {
            if (data != null) {
                data.close();
            }
        }
    }

    /** The node's actor system (for tests in this package). */
    ActorSystem<NodeGuardian.Command> system() {
        return system;
    }

    /** The node's snapshot store. */
    @Override
    public SnapshotStore store() {
        return store;
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
        for (JobImpl job : handles.all()) {
            job.update(new JobUpdate(job.id(), job.name(), JobStatus.FAILED, cause, null));
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
        checkOpen();
        // Fail fast in the caller's thread: cycles, ordinals, serializability (the job entity
        // keeps the bytes and each execution works on its own copy, exactly as a remote node would).
        ExecutionPlan.of(dag, config.parallelism(), jobConfig);
        byte[] dagBytes = JobBytes.write(dag, "DAG");
        byte[] configBytes = JobBytes.write(jobConfig, "config");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        JobBytes.read(dagBytes, loader != null ? loader : getClass().getClassLoader(), "DAG");
        String initial = jobConfig.getInitialSnapshotName();
        if (initial != null && store.lastCommittedSnapshotId(JobEntity.exportKey(initial)).isEmpty()) {
            throw new IllegalArgumentException("initial snapshot '" + initial + "' does not exist on this node: export it"
                    + " first with Job.exportSnapshot(\"" + initial + "\") or cancelAndExportSnapshot (exports live in the"
                    + " node's snapshot store; without a data directory they end with the node)");
        }
        String id = Long.toString(System.currentTimeMillis(), 36) + "-" + JOB_COUNTER.incrementAndGet();
        String name = jobConfig.getName() != null ? jobConfig.getName() : "job-" + id;
        JobImpl job = handles.create(id, name);
        system.tell(new NodeGuardian.SubmitJob(id, name, dagBytes, configBytes, System.currentTimeMillis()));
        return job;
    }

    @Override
    public Job newJobIfAbsent(Pipeline pipeline, JobConfig jobConfig) {
        Objects.requireNonNull(pipeline, "pipeline");
        return newJobIfAbsent(pipeline.toDag(), jobConfig);
    }

    @Override
    public synchronized Job newJobIfAbsent(Dag dag, JobConfig jobConfig) {
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(jobConfig, "config");
        if (jobConfig.getName() == null) {
            throw new IllegalArgumentException("newJobIfAbsent finds the job by its name, but the config has none: use"
                    + " JobConfig.named(\"...\")");
        }
        Optional<JobImpl> live = handles.byName(jobConfig.getName()).filter(j -> !j.status().isTerminal());
        return live.isPresent() ? live.get() : newJob(dag, jobConfig);
    }

    @Override
    public Optional<Job> getJob(String name) {
        Objects.requireNonNull(name, "name");
        return handles.byName(name).map(j -> j);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this Sluice node is closed (or stopped after a fatal error); start a new one"
                    + " with Sluice.embedded()");
        }
    }

    @Override
    public void command(String jobId, String what, Function<ActorRef<StatusReply<Done>>, JobEntity.Command> command,
                        Duration timeout) {
        checkOpen();
        try {
            AskPattern.<NodeGuardian.Command, StatusReply<Done>>ask(system,
                    replyTo -> new NodeGuardian.ToJob(jobId, command.apply(replyTo)), timeout, system.scheduler())
                    .toCompletableFuture().get().getValue();
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (StatusReply.ErrorMessage e) {
            throw new IllegalStateException(what + " refused: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    @Override
    public void send(String jobId, JobEntity.Command command) {
        if (!closed) {
            system.tell(new NodeGuardian.ToJob(jobId, command));
        }
    }

    @Override
    public JobEntity.Info info(String jobId) {
        checkOpen();
        try {
            return AskPattern.<NodeGuardian.Command, JobEntity.Info>ask(system,
                    replyTo -> new NodeGuardian.ToJob(jobId, new JobEntity.GetInfo(replyTo)), Duration.ofSeconds(10),
                    system.scheduler()).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the job's history could not be read: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
        MemoryGuard.get(system).stopWatchdog();
        if (data == null) {
            for (JobImpl job : handles.all()) {
                if (!job.status().isTerminal()) {
                    system.tell(new NodeGuardian.ToJob(job.id(), new JobEntity.Cancel(null)));
                }
            }
            for (JobImpl job : handles.all()) {
                try {
                    job.future().get(5, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    break;
                } catch (Exception ignored) {
                    // cancelled or failed: either way it has ended
                }
            }
        } else {
            try {
                AskPattern.<NodeGuardian.Command, Done>ask(system, NodeGuardian.Shutdown::new, Duration.ofSeconds(15),
                        system.scheduler()).toCompletableFuture().get();
            } catch (Exception e) {
                LoggerFactory.getLogger(EmbeddedSluice.class).warn("the node's jobs did not stop within 15 s", e);
            }
            for (JobImpl job : handles.all()) {
                job.nodeClosed("job '" + job.name() + "' stopped with its node; it resumes when a node starts again on"
                        + " the data directory " + data.path());
            }
        }
        closed = true;
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the node did not stop within 30 s", e);
        } finally {
            closeStorage(store, data);
        }
    }
}
