package io.sluice.bench;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.bench.q5.BidGenerator;
import io.sluice.bench.q5.BidSource;
import io.sluice.bench.q5.Q5Bench;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.snapshot.SnapshotData;
import io.sluice.persistence.codec.Codecs;
import io.sluice.persistence.snapshot.LevelDbSnapshotStore;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Recovery after a killed node. A child JVM runs NEXMark Q5 at 200,000 bids/s on an embedded node
 * with a data directory, exactly once, snapshots every second. Once it has run for a few seconds
 * the parent kills it with SIGKILL and starts it again on the same directory; the node resumes the
 * job from its last snapshot by itself (the child's {@code newJobIfAbsent} reattaches to it). Reported,
 * medians of {@code --runs} kills: the time from launching the new JVM to the node being up, and
 * to the resumed job's first result reaching its sink. Then the codec's speed on the job's real
 * state: the last committed snapshot is read from the store, decoded and encoded again.
 *
 * <pre>
 * bench/run recovery [--runs N (3)]
 * </pre>
 * Prints {@code BENCH name=recovery system=sluice metric=restart_to_first_output_ms|node_up_ms|...}.
 */
public final class RecoveryBench {
    private static final long RATE = 200_000;

    private RecoveryBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Path.of(args[1]));
            return;
        }
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("bench/run recovery [--runs N (3)]");
                    return;
                }
                default -> {
                    System.err.println("recovery: unknown argument '" + args[i] + "'; see bench/run recovery --help");
                    System.exit(2);
                }
            }
        }
        Path work = Files.createTempDirectory("sluice-recovery-bench");
        Path data = work.resolve("data");
        long[] upMillis = new long[runs];
        long[] outputMillis = new long[runs];
        Child first = Child.start(data);
        first.await("FIRST_OUTPUT", 60);
        Thread.sleep(3_000); // a few snapshots commit
        first.kill();
        for (int run = 0; run < runs; run++) {
            Child child = Child.start(data);
            long up = child.await("NODE_UP", 60);
            long output = child.await("FIRST_OUTPUT", 60);
            upMillis[run] = up - child.launchedMillis;
            outputMillis[run] = output - child.launchedMillis;
            System.err.printf(Locale.ROOT, "# kill %d: node up after %d ms, first output after %d ms%n", run + 1,
                    upMillis[run], outputMillis[run]);
            Thread.sleep(2_000);
            child.kill();
        }
        Arrays.sort(upMillis);
        Arrays.sort(outputMillis);
        bench("machine", "cores", Runtime.getRuntime().availableProcessors(), "cores");
        bench("sluice", "node_up_ms", upMillis[runs / 2], "ms");
        bench("sluice", "restart_to_first_output_ms", outputMillis[runs / 2], "ms");
        codecSpeed(data.resolve("snapshots"));
        deleteRecursively(work);
    }

    /** Decodes and re-encodes every chunk of the last committed snapshot in the store, timed. */
    private static void codecSpeed(Path storeDir) {
        try (LevelDbSnapshotStore store = LevelDbSnapshotStore.open(storeDir)) {
            String job = store.jobIds().stream().findFirst().orElseThrow(() -> new IllegalStateException("no snapshot"));
            SnapshotData snapshot = store.readLastCommitted(job).orElseThrow();
            List<byte[]> chunks = new ArrayList<>();
            for (String v : snapshot.vertices()) {
                for (int p : snapshot.partitions(v)) {
                    chunks.addAll(snapshot.chunks(v, p));
                }
            }
            long bytes = snapshot.totalBytes();
            Codecs codecs = Codecs.create();
            List<Object> values = new ArrayList<>();
            double decodeSeconds = 0;
            double encodeSeconds = 0;
            long rounds = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() < deadline || rounds < 3) {
                values.clear();
                long t0 = System.nanoTime();
                for (byte[] c : chunks) {
                    values.add(codecs.decode(c));
                }
                long t1 = System.nanoTime();
                for (Object value : values) {
                    codecs.encode(value);
                }
                long t2 = System.nanoTime();
                if (rounds++ > 0) { // the first round warms up
                    decodeSeconds += (t1 - t0) / 1e9;
                    encodeSeconds += (t2 - t1) / 1e9;
                }
            }
            bench("sluice", "snapshot_bytes", bytes, "bytes");
            bench("sluice", "codec_decode_mb_s", (rounds - 1) * bytes / 1e6 / decodeSeconds, "MB/s");
            bench("sluice", "codec_encode_mb_s", (rounds - 1) * bytes / 1e6 / encodeSeconds, "MB/s");
        }
    }

    /** The child: a node on {@code data} running (or resuming) the job. */
    private static void child(Path data) throws Exception {
        org.slf4j.LoggerFactory.getILoggerFactory();
        AtomicBoolean first = new AtomicBoolean();
        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("recovery").withDataDirectory(data))) {
            System.out.println("NODE_UP " + System.currentTimeMillis());
            BidGenerator generator = new BidGenerator(10_000, 10_000, 50); // 20 event-time seconds per second: windows close often
            var pipeline = Q5Bench.pipeline(BidSource.create(generator, Long.MAX_VALUE / 2, RATE,
                            Runtime.getRuntime().availableProcessors(), 1_000, 50),
                    SinkBuilder.sinkBuilder("first-output", ctx -> first)
                            .<WindowResult<KeyedWindowResult<Long, Long>>>receiveFn((f, r) -> {
                        if (f.compareAndSet(false, true)) {
                            System.out.println("FIRST_OUTPUT " + System.currentTimeMillis());
                        }
                    }).build());
            sluice.newJobIfAbsent(pipeline, JobConfig.named("recovery")
                    .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(1_000));
            new CompletableFuture<Void>().get(); // until killed
        }
    }

    private static final class Child {
        final Process process;
        final long launchedMillis;
        final List<String> lines = new ArrayList<>();

        private Child(Process process, long launchedMillis) {
            this.process = process;
            this.launchedMillis = launchedMillis;
        }

        static Child start(Path data) throws IOException {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            long launched = System.currentTimeMillis();
            Process p = new ProcessBuilder(java, "-Xmx2g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                    RecoveryBench.class.getName(), "child", data.toString()).redirectErrorStream(true).start();
            Child child = new Child(p, launched);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (child.lines) {
                            child.lines.add(line);
                            child.lines.notifyAll();
                        }
                    }
                } catch (IOException ignored) {
                    // killed
                }
            }, "recovery-child");
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        /** Waits for a line "{@code marker} <epoch ms>" and returns the time. */
        long await(String marker, int seconds) throws InterruptedException {
            long deadline = System.currentTimeMillis() + seconds * 1000L;
            synchronized (lines) {
                while (true) {
                    for (String line : lines) {
                        if (line.startsWith(marker + " ")) {
                            return Long.parseLong(line.substring(marker.length() + 1).trim());
                        }
                    }
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0 || !process.isAlive()) {
                        process.destroyForcibly();
                        throw new IllegalStateException("the child did not print " + marker + " within " + seconds
                                + " s; its output:\n" + String.join("\n", lines));
                    }
                    lines.wait(Math.min(left, 100));
                }
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void bench(String system, String metric, double value, String unit) {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
        System.out.println("BENCH name=recovery system=" + system + " metric=" + metric + " value=" + v + " unit=" + unit);
    }
}
