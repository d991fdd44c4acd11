package io.sluice.actors.impl;

import com.typesafe.config.ConfigFactory;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.core.Dag;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.snapshot.InMemorySnapshotStore;
import io.sluice.engine.snapshot.SnapshotData;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job entity's side of {@link ExecutionProtocol}, against a scripted execution: the test plays
 * the execution (reports its events, writes snapshot chunks to the real store) and checks what the
 * job commits, records, restores from and asks for. The end-to-end version needs the execution
 * coordinator's snapshots (issue #8, the lead's part). Events go through {@link JournalSerializer}
 * (the in-memory journal's test-serialization is on).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobEntityProtocolTest {
    private static ActorTestKit testKit;
    private static final InMemorySnapshotStore STORE = new InMemorySnapshotStore();

    /** What the scripted execution reports to the test when it starts. */
    record Started(ExecutionProtocol.Spec spec, ActorRef<ExecutionProtocol.Event> job) {
    }

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("protocol-test", ConfigFactory.parseString(
                "pekko.persistence.journal.inmem.test-serialization = on")
                .withFallback(SluiceConfig.defaults().withParallelism(1).toConfig()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
        STORE.close();
    }

    /** A job entity whose executions forward everything to {@code execution}. */
    private static final class Fixture {
        final String jobId = UUID.randomUUID().toString();
        final TestProbe<Object> execution = testKit.createTestProbe();
        final TestProbe<JobUpdate> updates = testKit.createTestProbe();
        ActorRef<JobEntity.Command> job;

        JobEntity.Env env() {
            return new JobEntity.Env(STORE, 1, updates.getRef(), getClass().getClassLoader(),
                    (spec, jobRef) -> scripted(spec, jobRef, execution.getRef()));
        }

        Started submit(JobConfig config) {
            job = testKit.spawn(JobEntity.create(jobId, env(), false));
            job.tell(new JobEntity.Submit("job-" + jobId, JobBytes.write(new Dag(), "DAG"),
                    JobBytes.write(config, "config"), System.currentTimeMillis()));
            return started();
        }

        Started started() {
            Started started = execution.expectMessageClass(Started.class);
            started.job().tell(new ExecutionProtocol.ExecutionRunning(started.spec().executionId()));
            awaitStatus(JobStatus.RUNNING);
            return started;
        }

        JobUpdate awaitStatus(JobStatus status) {
            return updates.fishForMessage(Duration.ofSeconds(10), u -> u.status() == status
                    ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                    : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).get(0);
        }

        /** Plays a snapshot: writes a chunk for it, reports it taken, expects the commit. */
        void snapshot(Started e, long snapshotId, boolean terminal) {
            STORE.writeChunk(jobId, snapshotId, "count", 0, new byte[]{(byte) snapshotId});
            e.job().tell(new ExecutionProtocol.SnapshotTaken(e.spec().executionId(), snapshotId, 1, 5, terminal));
            assertEquals(new JobCoordinator.SnapshotCommitted(snapshotId), execution.expectMessageClass(
                    JobCoordinator.SnapshotCommitted.class));
        }

        StatusReply<Done> ask(java.util.function.Function<ActorRef<StatusReply<Done>>, JobEntity.Command> command) {
            TestProbe<StatusReply<Done>> reply = testKit.createTestProbe();
            job.tell(command.apply(reply.getRef()));
            return reply.receiveMessage(Duration.ofSeconds(10));
        }

        JobEntity.Info info() {
            TestProbe<JobEntity.Info> reply = testKit.createTestProbe();
            job.tell(new JobEntity.GetInfo(reply.getRef()));
            return reply.receiveMessage();
        }
    }

    static Behavior<JobCoordinator.Command> scripted(ExecutionProtocol.Spec spec,
                                                    ActorRef<ExecutionProtocol.Event> job, ActorRef<Object> probe) {
        return Behaviors.setup(ctx -> {
            probe.tell(new Started(spec, job));
            return Behaviors.receiveMessage(m -> {
                probe.tell(m);
                return Behaviors.same();
            });
        });
    }

    private static JobConfig exactlyOnce() {
        return JobConfig.named("p").setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setRestartBackoffMillis(1);
    }

    @Test
    void when_snapshotTaken_then_committedInStoreRecordedAndExecutionTold() {
        Fixture f = new Fixture();
        Started first = f.submit(exactlyOnce());
        assertEquals(ExecutionProtocol.Fresh.INSTANCE, first.spec().restoreFrom());
        assertEquals(1, first.spec().firstSnapshotId());
        assertEquals(1, first.spec().executionId());

        f.snapshot(first, 1, false);

        assertEquals(1, STORE.lastCommittedSnapshotId(f.jobId).orElseThrow());
        JobEntity.Info info = f.info();
        assertEquals(1, info.lastCommittedSnapshotId().orElseThrow());
        assertEquals(1, info.snapshots().size());
        assertEquals(1, info.snapshots().get(0).bytes());
        assertEquals(Duration.ofMillis(5), info.snapshots().get(0).duration());
    }

    @Test
    void when_executionFails_then_restartRestoresLastCommitted_and_commitResetsAttempts() {
        Fixture f = new Fixture();
        Started e1 = f.submit(exactlyOnce().setMaxRestartAttempts(1));
        f.snapshot(e1, 1, false);
        STORE.writeChunk(f.jobId, 2, "count", 0, new byte[]{9}); // being written when it fails

        e1.job().tell(new ExecutionProtocol.ExecutionEnded(1, JobStatus.FAILED, new IllegalStateException("boom 1"),
                "stage 'count' (vertex 'count', instance #0 of 1)"));
        f.awaitStatus(JobStatus.RESTARTING);
        Started e2 = f.started();

        assertEquals(new ExecutionProtocol.LastCommitted(f.jobId), e2.spec().restoreFrom());
        assertEquals(2, e2.spec().firstSnapshotId());
        assertEquals(List.of(1L), STORE.snapshotIds(f.jobId), "the uncommitted snapshot 2 was dropped");
        f.snapshot(e2, 2, false); // resets the attempts

        e2.job().tell(new ExecutionProtocol.ExecutionEnded(2, JobStatus.FAILED, new IllegalStateException("boom 2"), null));
        Started e3 = f.started();
        assertEquals(3, e3.spec().firstSnapshotId());

        IllegalStateException cause = new IllegalStateException("boom 3");
        e3.job().tell(new ExecutionProtocol.ExecutionEnded(3, JobStatus.FAILED, cause, "stage 'count'"));
        JobUpdate failed = f.awaitStatus(JobStatus.FAILED);
        assertEquals(cause, failed.cause());
        assertEquals("stage 'count'", failed.where());
        assertTrue(STORE.snapshotIds(f.jobId).isEmpty(), "an ended job's snapshots are deleted");
    }

    @Test
    void when_suspendedWithGuarantee_then_terminalSnapshot_and_resumeRestoresIt() {
        Fixture f = new Fixture();
        Started e1 = f.submit(exactlyOnce());

        assertEquals(StatusReply.ack(), f.ask(JobEntity.Suspend::new));
        assertEquals(new JobCoordinator.TakeSnapshot(true), f.execution.expectMessageClass(JobCoordinator.TakeSnapshot.class));
        f.snapshot(e1, 1, true);
        e1.job().tell(new ExecutionProtocol.ExecutionEnded(1, JobStatus.CANCELLED, null, null));
        f.awaitStatus(JobStatus.SUSPENDED);

        assertEquals(StatusReply.ack(), f.ask(JobEntity.Resume::new));
        Started e2 = f.started();
        assertEquals(new ExecutionProtocol.LastCommitted(f.jobId), e2.spec().restoreFrom());
        assertEquals(2, e2.spec().firstSnapshotId());
    }

    @Test
    void when_terminalSnapshotFails_then_suspendsWithoutIt() {
        Fixture f = new Fixture();
        Started e1 = f.submit(exactlyOnce());
        f.ask(JobEntity.Suspend::new);
        f.execution.expectMessageClass(JobCoordinator.TakeSnapshot.class);

        e1.job().tell(new ExecutionProtocol.SnapshotFailed(1, 1, "disk full"));

        assertEquals(JobCoordinator.Cancel.INSTANCE, f.execution.expectMessageClass(JobCoordinator.Cancel.class));
        e1.job().tell(new ExecutionProtocol.ExecutionEnded(1, JobStatus.CANCELLED, null, null));
        f.awaitStatus(JobStatus.SUSPENDED);
    }

    @Test
    void when_exported_then_copyUnderExportKey_and_newJobStartsFromIt() {
        Fixture f = new Fixture();
        Started e1 = f.submit(exactlyOnce());
        TestProbe<StatusReply<Done>> reply = testKit.createTestProbe();

        f.job.tell(new JobEntity.ExportSnapshot("v1", false, reply.getRef()));
        assertEquals(new JobCoordinator.TakeSnapshot(false), f.execution.expectMessageClass(JobCoordinator.TakeSnapshot.class));
        f.snapshot(e1, 1, false);

        assertEquals(StatusReply.ack(), reply.receiveMessage());
        SnapshotData export = STORE.readLastCommitted(JobEntity.exportKey("v1")).orElseThrow();
        assertArrayEquals(new byte[]{1}, export.chunks("count", 0).get(0));
        assertEquals("v1", f.info().snapshots().get(0).exportName());

        f.job.tell(new JobEntity.ExportSnapshot("v1-final", true, reply.getRef()));
        assertEquals(new JobCoordinator.TakeSnapshot(true), f.execution.expectMessageClass(JobCoordinator.TakeSnapshot.class));
        f.snapshot(e1, 2, true);
        assertEquals(StatusReply.ack(), reply.receiveMessage());
        e1.job().tell(new ExecutionProtocol.ExecutionEnded(1, JobStatus.CANCELLED, null, null));
        f.awaitStatus(JobStatus.CANCELLED);
        assertTrue(STORE.snapshotIds(f.jobId).isEmpty());
        assertArrayEquals(new byte[]{2}, STORE.readLastCommitted(JobEntity.exportKey("v1-final")).orElseThrow()
                .chunks("count", 0).get(0), "exports outlive the job");

        Fixture upgrade = new Fixture();
        Started v2 = upgrade.submit(exactlyOnce().setInitialSnapshotName("v1-final"));
        assertEquals(new ExecutionProtocol.LastCommitted(JobEntity.exportKey("v1-final")), v2.spec().restoreFrom());
    }

    @Test
    void when_entityRecoversRunningJob_then_newExecutionFromLastCommitted() {
        Fixture f = new Fixture();
        Started e1 = f.submit(exactlyOnce());
        f.snapshot(e1, 1, false);
        f.job.tell(JobEntity.Shutdown.INSTANCE);
        f.execution.expectMessageClass(JobCoordinator.Cancel.class);
        e1.job().tell(new ExecutionProtocol.ExecutionEnded(1, JobStatus.CANCELLED, null, null));
        TestProbe<Object> watcher = testKit.createTestProbe();
        watcher.expectTerminated(f.job, Duration.ofSeconds(10));

        f.job = testKit.spawn(JobEntity.create(f.jobId, f.env(), true)); // replays the journal
        Started e2 = f.started();

        assertEquals(2, e2.spec().executionId());
        assertEquals(new ExecutionProtocol.LastCommitted(f.jobId), e2.spec().restoreFrom());
        assertEquals("the node stopped", f.info().executions().get(0).outcome());
    }

    @Test
    void when_restartDuringBackoff_then_startsAtOnce() {
        Fixture f = new Fixture();
        Started e1 = f.submit(exactlyOnce().setRestartBackoffMillis(60_000));
        e1.job().tell(new ExecutionProtocol.ExecutionEnded(1, JobStatus.FAILED, new IllegalStateException("x"), null));
        f.awaitStatus(JobStatus.RESTARTING);

        assertEquals(StatusReply.ack(), f.ask(JobEntity.Restart::new));
        assertEquals(2, f.started().spec().executionId());
        assertInstanceOf(JobEntity.Info.class, f.info());
    }
}
