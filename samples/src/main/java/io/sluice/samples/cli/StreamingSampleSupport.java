package io.sluice.samples.cli;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a streaming sample's job until its duration is over or the JVM is asked to stop (Ctrl-C). */
final class StreamingSampleSupport {
    private StreamingSampleSupport() {
    }

    /**
     * Runs {@code pipeline} on an embedded node with the settings {@code node} for {@code seconds}
     * (0: until Ctrl-C), then cancels the job and stops the node.
     */
    static void runFor(SluiceConfig node, Pipeline pipeline, String jobName, long seconds) throws Exception {
        try (Sluice sluice = Sluice.embedded(node)) {
            Job job = sluice.newJob(pipeline, JobConfig.named(jobName));
            Thread stopper = new Thread(() -> {
                job.cancel();
                try {
                    job.future().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // cancelled: that is what we asked for
                }
            }, "sluice-sample-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            try {
                if (seconds > 0) {
                    job.future().get(seconds, TimeUnit.SECONDS);
                } else {
                    job.join();
                }
            } catch (TimeoutException e) {
                job.cancel();
                try {
                    job.join();
                } catch (JobCancelledException expected) {
                    // the normal end of a timed run
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        }
    }
}
