package io.sluice.actors.impl;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.job.JobOutOfMemoryException;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An embedded node never exits its host JVM: an {@link OutOfMemoryError} inside a stage fails
 * only that job, with a message that says what to change; a fatal error in one of Pekko's own
 * threads stops the node (not the JVM), and the node's running jobs fail instead of hanging.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FatalErrorTest {

    @Test
    void when_stageThrowsOutOfMemoryError_then_onlyItsJobFails_withAClearMessage() {
        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("stage-oom").withParallelism(2))) {
            Pipeline p = Pipeline.create();
            p.readFrom(TestSources.items(1, 2, 3))
             .map(i -> {
                 if (i == 2) {
                     throw new OutOfMemoryError("Java heap space (simulated)");
                 }
                 return i;
             })
             .writeTo(TestSinks.collecting());

            JobFailedException e = assertThrows(JobFailedException.class,
                    () -> sluice.newJob(p, JobConfig.named("oom")).join());

            JobOutOfMemoryException cause = assertInstanceOf(JobOutOfMemoryException.class, e.getCause());
            assertInstanceOf(OutOfMemoryError.class, cause.getCause());
            assertTrue(cause.getMessage().startsWith("stage instance 'items#0' ran out of heap memory"
                    + " (java.lang.OutOfMemoryError: Java heap space (simulated)), so its job was failed to keep the node"
                    + " running"), cause.getMessage());
            assertTrue(cause.getMessage().contains("-Xmx") && cause.getMessage().contains(
                    "JobConfig.setMaxProcessorAccumulatedRecords"), cause.getMessage());

            Pipeline next = Pipeline.create();
            CollectingSink<Integer> sink = TestSinks.collecting();
            next.readFrom(TestSources.items(1, 2, 3)).writeTo(sink);
            sluice.newJob(next, JobConfig.named("after-oom")).join();
            assertEquals(List.of(1, 2, 3), sink.items());
        }
    }

    @Test
    void when_fatalErrorOutsideAStage_then_nodeStopsButNotTheJvm_andRunningJobsFail() throws Exception {
        EmbeddedSluice sluice = (EmbeddedSluice) Sluice.embedded(SluiceConfig.defaults().withNodeName("fatal-error")
                                                                               .withParallelism(2));
        try {
            assertFalse(sluice.system().classicSystem().settings().JvmExitOnFatalError(),
                    "pekko.jvm-exit-on-fatal-error must be off in Sluice's reference.conf: an embedded node must never"
                            + " exit its host JVM");
            Pipeline p = Pipeline.create();
            p.readFrom(TestSources.itemStream(1_000, (ts, seq) -> seq))
             .withoutTimestamps()
             .writeTo(SinkBuilder.sinkBuilder("discard", ctx -> new long[1]).<Object>receiveFn((n, item) -> n[0]++).build());
            Job running = sluice.newJob(p, JobConfig.named("endless"));

            ActorRef<String> failing = sluice.system().systemActorOf(Behaviors.<String>receiveMessage(msg -> {
                throw new OutOfMemoryError("simulated fatal error in an actor");
            }), "fatal", Props.empty());
            failing.tell("boom");

            JobFailedException e = assertThrows(JobFailedException.class, running::join);
            assertTrue(e.getMessage().contains("the Sluice node 'fatal-error' stopped: its actor system shut down"),
                    e.getMessage());
            IllegalStateException closed = assertThrows(IllegalStateException.class,
                    () -> sluice.newJob(p, JobConfig.named("too-late")));
            assertTrue(closed.getMessage().startsWith("this Sluice node is closed (or stopped after a fatal error)"),
                    closed.getMessage());
        } finally {
            sluice.close(); // returns at once: the node has stopped (its actor system may never finish terminating)
        }
    }
}
