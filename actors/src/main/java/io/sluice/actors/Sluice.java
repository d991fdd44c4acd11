package io.sluice.actors;

import com.typesafe.config.Config;
import io.sluice.actors.impl.EmbeddedSluice;
import io.sluice.engine.core.Dag;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Pipeline;

import java.util.Optional;

/**
 * A handle to a Sluice node: submit jobs to it and close it when done.
 *
 * <pre>{@code
 * try (Sluice sluice = Sluice.embedded()) {
 *     sluice.newJob(pipeline, JobConfig.named("word-count")).join();
 * }
 * }</pre>
 */
public interface Sluice extends AutoCloseable {

    /**
     * Starts a node inside this JVM (an actor system with no network), using all cores and the
     * default application config ({@code -Dconfig.file} or {@code application.conf} on the
     * classpath, over Sluice's defaults; see {@link SluiceConfig}). Takes about a second; reuse it
     * for several jobs.
     *
     * @throws IllegalArgumentException if the application config cannot be read or sets an unknown {@code sluice.*} key
     */
    static Sluice embedded() {
        return EmbeddedSluice.start(SluiceConfig.defaults());
    }

    /**
     * Starts a node inside this JVM with the given settings.
     *
     * @throws IllegalArgumentException if the application config cannot be read or sets an unknown {@code sluice.*} key
     */
    static Sluice embedded(SluiceConfig config) {
        return EmbeddedSluice.start(config);
    }

    /**
     * Plans {@code pipeline} and starts it as a job.
     *
     * @throws IllegalStateException    if the pipeline cannot run (no sink, a stage without a sink)
     * @throws IllegalArgumentException if the pipeline is not serializable
     */
    Job newJob(Pipeline pipeline, JobConfig config);

    /** Starts a job with a generated name. */
    default Job newJob(Pipeline pipeline) {
        return newJob(pipeline, new JobConfig());
    }

    /** Starts a job from a hand-built DAG. */
    Job newJob(Dag dag, JobConfig config);

    /**
     * Returns the live job named {@code config.getName()} (starting, running, restarting or
     * suspended) if there is one, else starts {@code pipeline} as {@link #newJob(Pipeline, JobConfig)}
     * does. A program that submits its job at start-up uses this to reattach, after a restart on the
     * same data directory, to the job the node resumed instead of starting a second one.
     *
     * <pre>{@code
     * try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withDataDirectory(Path.of("data")))) {
     *     sluice.newJobIfAbsent(pipeline, JobConfig.named("ledger")).join();
     * }
     * }</pre>
     *
     * @param config the job's config; must have a name
     * @return the live job of that name, or the new one
     * @throws IllegalArgumentException if the config has no name
     */
    Job newJobIfAbsent(Pipeline pipeline, JobConfig config);

    /** As {@link #newJobIfAbsent(Pipeline, JobConfig)}, for a hand-built DAG. */
    Job newJobIfAbsent(Dag dag, JobConfig config);

    /**
     * The job named {@code name} that this node knows: the live one if there is one, else the last
     * one submitted to this node. After a restart on a data directory the node knows the jobs it resumed
     * (those that had not ended).
     *
     * <pre>{@code
     * sluice.getJob("ledger").ifPresent(Job::cancel);
     * }</pre>
     *
     * @param name the job's name
     * @return the job, or empty
     */
    Optional<Job> getJob(String name);

    /**
     * The configuration this node runs with: its actor system's settings, as layered by
     * {@link SluiceConfig#toConfig()}. Each value's {@code origin()} tells where it came from.
     *
     * <pre>{@code
     * Duration tick = sluice.config().getDuration("pekko.scheduler.tick-duration");   // 1 ms
     * }</pre>
     *
     * @return the resolved configuration
     */
    Config config();

    /** The number of cores this node uses as the default local parallelism. */
    int defaultParallelism();

    /**
     * Stops the node; normally well under a second. Without a data directory it cancels the running
     * jobs (see {@link Job#cancel()}) and waits until their user code stopped. With one it stops their
     * executions without recording an end, so that a node started again on the same directory resumes
     * them; their {@link Job#join()} here then throws an {@link IllegalStateException} saying so.
     */
    @Override
    void close();
}
