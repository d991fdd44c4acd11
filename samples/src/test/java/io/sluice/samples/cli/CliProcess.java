package io.sluice.samples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the {@code sluice} command line as a separate process, the way {@code bin/sluice} does
 * once the build is there (its last line): {@code java -cp samples/target/sluice-samples-*.jar:
 * samples/target/lib/* -Dconfig.file=<repository>/application.conf io.sluice.samples.cli.SluiceCli ...}
 * ({@code bin/sluice} itself would build first). Pekko's jars come first on the classpath: in that
 * order Pekko's reference.conf used to override Sluice's settings. Exit codes, stdout/stderr and the
 * working directory are the real ones; the process is always killed before this returns.
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

    /** Runs {@code sluice args...} in {@code workingDir} and waits (at most 120 s) for it to end. */
    static Result run(Path workingDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", // C1 only: starts in about half the time
                "-Xmx512m", "-Dconfig.file=" + ROOT.resolve("application.conf"), "-cp", classpath(),
                "io.sluice.samples.cli.SluiceCli"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("sluice-cli-out", ".txt");
        Path err = Files.createTempFile("sluice-cli-err", ".txt");
        Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                fail("sluice " + String.join(" ", args) + " did not finish within 120 s; stderr: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The samples jar, then lib/ with Pekko's jars first. */
    private static String classpath() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(TARGET)) {
            jar = files.filter(p -> p.getFileName().toString().matches("sluice-samples-.*(?<!-sources|-javadoc|-tests)\\.jar"))
                       .findFirst().orElseThrow(() -> new AssertionError("no sluice-samples jar in " + TARGET
                               + ": run 'mvn -B verify' (the package phase builds it)"));
        }
        List<Path> lib;
        try (Stream<Path> files = Files.list(TARGET.resolve("lib"))) {
            lib = files.sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().startsWith("pekko-"))
                               .thenComparing(Path::getFileName)).toList();
        }
        return Stream.concat(Stream.of(jar), lib.stream()).map(Path::toString)
                     .collect(Collectors.joining(System.getProperty("path.separator")));
    }
}
