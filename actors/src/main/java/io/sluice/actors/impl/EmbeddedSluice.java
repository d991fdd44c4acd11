package io.sluice.actors.impl;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.core.Dag;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Pipeline;

/** The embedded node. Being written. */
public final class EmbeddedSluice implements Sluice {
    public static Sluice start(SluiceConfig config) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public Job newJob(Pipeline pipeline, JobConfig config) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public Job newJob(Dag dag, JobConfig config) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public int defaultParallelism() {
        return 0;
    }

    @Override
    public void close() {
    }
}
