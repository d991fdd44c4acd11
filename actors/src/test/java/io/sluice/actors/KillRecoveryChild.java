package io.sluice.actors;

import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;

import java.nio.file.Path;

/**
 * The node that {@link KillRecoveryIT} kills: on the data directory {@code args[0]} it runs a batch
 * job to completion and starts an endless one keyed {@code args[1]}, prints READY once items flow,
 * and waits to be killed.
 */
public final class KillRecoveryChild {
    private KillRecoveryChild() {
    }

    public static void main(String[] args) throws Exception {
        Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("kill-child").withParallelism(2)
                .withDataDirectory(Path.of(args[0])));
        sluice.newJob(JobLifecycleTest.dag(args[1] + "-batch", 100, 0), JobConfig.named("batch")).join();
        Job stream = sluice.newJobIfAbsent(JobLifecycleTest.dag(args[1], -1, 0), JobConfig.named("stream"));
        JobLifecycleTest.await("items flow", () -> stream.status() == JobStatus.RUNNING
                && JobLifecycleTest.received(args[1]) > 0);
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
