package io.sluice.actors.impl;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.SourceBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk fails snapshots, not the job (nor the JVM: LevelDB writes through memory-mapped
 * files, and a write into a full disk is a SIGBUS, so the store refuses writes below
 * {@code sluice.min-free-disk-space}, here 4 MiB). The node's data directory is on a real 32 MB
 * tmpfs (mounted by the test, which needs root; skipped otherwise), filled with a ballast file
 * until about 5.5 MB are free. An exactly-once job whose keyed state is about 8 MB of
 * incompressible bytes cannot write its snapshots: each fails with a warning that names the stage
 * and the reason, the job goes on, and once the ballast is gone it completes with exact results
 * in its first execution.
 */
class FullDiskSnapshotIT {
    static final long N = 100_000;
    static final int KEYS = 2_000;
    static final AtomicBoolean RELEASE = new AtomicBoolean();
    static final Map<Long, Long> LAST = new ConcurrentHashMap<>();

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void when_diskFullDuringSnapshots_then_snapshotsFailAndTheJobCompletes(@TempDir Path tmp) throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", disk.toString()),
                "mounting a small tmpfs needs root; this test simulates a full disk with one");
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        Logger jobLog = (Logger) LoggerFactory.getLogger(JobEntity.class);
        warnings.start();
        jobLog.addAppender(warnings);
        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("full-disk").withParallelism(2)
                .withDataDirectory(disk.resolve("data"))
                .withConfig(com.typesafe.config.ConfigFactory.parseString("sluice.min-free-disk-space = 4MiB")))) {
            Path ballast = disk.resolve("ballast");
            try (OutputStream out = Files.newOutputStream(ballast)) {
                byte[] block = new byte[64 * 1024];
                while (Files.getFileStore(disk).getUsableSpace() > 11L * 512 * 1024 + block.length) {
                    out.write(block);
                }
            }
            Pipeline p = Pipeline.create();
            p.readFrom(SourceBuilder.stream("numbers", ctx -> new long[] {ctx.globalIndex(), ctx.totalParallelism()})
                            .<Long>fillBufferFn((st, buf) -> {
                                if (st[0] >= N / 2 && !RELEASE.get()) {
                                    return; // half the input, then wait (idle) until the disk has room again
                                }
                                for (int i = 0; i < 512 && st[0] < N; i++) {
                                    buf.add(st[0]);
                                    st[0] += st[1];
                                }
                                if (st[0] >= N) {
                                    buf.close();
                                }
                            })
                            .createSnapshotFn(st -> st[0])
                            .restoreSnapshotFn((long[] st, java.util.List<Long> saved) -> {
                                if (!saved.isEmpty()) {
                                    st[0] = saved.get(0);
                                }
                            })
                            .distributed(2)
                            .build())
             .withoutTimestamps()
             .groupingKey(n -> n % KEYS)
             .mapStateful(() -> new Object[] {0L, randomBytes()}, (Object[] state, Long key, Long n) -> {
                 state[0] = (Long) state[0] + 1;
                 return Map.entry(key, (Long) state[0]);
             })
             .setName("counter")
             .writeTo(SinkBuilder.sinkBuilder("last", ctx -> LAST).<Map.Entry<Long, Long>>receiveFn((last, e) ->
                     last.merge(e.getKey(), e.getValue(), Math::max)).build());
            Job job = sluice.newJob(p, JobConfig.named("full-disk").setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                    .setSnapshotIntervalMillis(100));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (failures(warnings) < 2) {
                assertTrue(System.nanoTime() < deadline, "no snapshot failed; warnings: " + warnings.list);
                assertTrue(!job.status().isTerminal(), "the job ended: " + job.status());
                Thread.sleep(20);
            }
            // the small records of a snapshot fit, the stage's 8 MB do not
            String warning = warnings.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("failed")).findFirst().orElseThrow();
            assertTrue(warning.contains("stage 'counter"), warning);
            assertTrue(warning.contains("sluice.min-free-disk-space"), warning);
            assertTrue(job.snapshots().isEmpty(), "a snapshot committed on a full disk: " + job.snapshots());

            Files.delete(ballast);
            RELEASE.set(true);
            job.join();
            assertEquals(1, job.executions().size(), "the job restarted: " + job.executions());
            assertEquals(KEYS, LAST.size());
            for (long k = 0; k < KEYS; k++) {
                assertEquals(N / KEYS, LAST.get(k), "count of key " + k);
            }
        } finally {
            jobLog.detachAppender(warnings);
            run("umount", "-l", disk.toString());
        }
    }

    private static long failures(ListAppender<ILoggingEvent> warnings) {
        return warnings.list.stream().filter(e -> e.getFormattedMessage().contains("failed")).count();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4096];
        new Random().nextBytes(b); // incompressible: LevelDB's compression cannot make it fit
        return b;
    }
}
