package io.sluice.samples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@code bin/sluice} as a separate process, as a user does. The build ({@code mvn verify}'s
 * package phase) has just made the jar it runs, so it starts the CLI at once (its last line:
 * {@code java -Dconfig.file=<repository>/application.conf -cp samples/target/sluice-samples-*.jar:
 * samples/target/lib/* io.sluice.samples.cli.SluiceCli ...}); if a main source were newer than the
 * jar it would build first and say so on stderr, which the tests would see. Exit codes,
 * stdout/stderr and the working directory are the real ones; the process is always killed before
 * this returns.
 */
final class CliProcess {
    static final Path TARGET = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                                   .toAbsolutePath().resolve("target");
    static final Path ROOT = TARGET.getParent().getParent();

    private CliProcess() {
    }

    /** What the process printed and its exit code. */
    record Result(int code, String out, String err) {
        /** The error output, checked to be exactly one line without a stack trace. */
        String oneErrorLine() {
            String line = err.strip();
            assertFalse(line.contains("\n"), "more than one line on stderr: " + err);
            assertFalse(err.contains("\tat "), "stack trace without --verbose: " + err);
            return line;
        }
    }

    /** Runs {@code bin/sluice args...} in {@code workingDir} and waits (at most 120 s) for it to end. */
    static Result run(Path workingDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin").resolve("sluice").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("sluice-cli-out", ".txt");
        Path err = Files.createTempFile("sluice-cli-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // C1 only: the JVM starts in about half the time; a small heap is plenty for the tests' inputs
        builder.environment().put("SLUICE_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xmx512m");
        Process process = builder.start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                fail("sluice " + String.join(" ", args) + " did not finish within 120 s; stderr: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
