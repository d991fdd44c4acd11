package io.sluice.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Using Sluice in your own project", done as a user would: a Maven project made of
 * exactly the README's blocks marked {@code <!-- user-project: ... -->} (the dependencies, the main
 * class, logback.xml), built by the {@code mvn} on the PATH against the jars this build just
 * packaged, then run.
 *
 * <p>Nothing is installed into the local repository the build uses (other builds may depend on
 * its io.sluice artifacts, and CI starts without them): the reactor's jars and poms go into a
 * temporary file repository, and the user project builds with a temporary local repository that
 * copies third-party artifacts from the build's own local repository (declared as a file
 * repository too), so it needs no network.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class UserProjectIT {
    /** The modules a user's project depends on, directly or not; the parent pom goes along. */
    private static final List<String> MODULES = List.of("engine", "persistence", "actors", "connectors");
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** C1 only: Maven and the small program start in about half the time (measured: 12.7 -> 7.0 s for the build). */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";
    private static final Pattern MARKED_BLOCK = Pattern.compile(
            "<!-- user-project: (\\S+)[^>]*-->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void when_userProjectFromReadmeIsBuiltAgainstInstalledJars_then_itRunsAndLogs() throws Exception {
        String version = requiredProperty("sluice.it.version");
        Path cache = Path.of(System.getProperty("sluice.it.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        Map<String, String> blocks = readmeBlocks();
        assertTrue(blocks.get("dependencies").contains("<version>" + version + "</version>"),
                "the README's dependencies should name the current version " + version);

        Path repository = installReactorArtifacts(dir.resolve("sluice-repository"), version);
        Path project = dir.resolve("my-app");
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), userPom(blocks.get("dependencies"), repository, cache));
        blocks.forEach((path, text) -> {
            if (!path.equals("dependencies")) {
                write(project.resolve(path), text);
            }
        });

        Path classpathFile = dir.resolve("classpath.txt");
        // empty user settings: no mirror of this machine may redirect the file repositories
        Path settings = Files.writeString(dir.resolve("settings.xml"), "<settings/>\n");
        Result build = run(project, 240, "mvn", "-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + dir.resolve("m2"),
                "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:" + pluginVersion("maven-dependency-plugin") + ":build-classpath",
                "-Dmdep.outputFile=" + classpathFile);
        assertEquals(0, build.code, "the user project did not build:\n" + build.out + build.err);

        String classpath = project.resolve("target/classes") + System.getProperty("path.separator")
                + Files.readString(classpathFile).strip();
        Result app = run(project, 90, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                QUICK_START, "-cp", classpath, "com.example.WordCountApp");

        assertEquals(0, app.code, app.out + app.err);
        for (String count : List.of("to=2", "be=2", "question=1")) {
            assertTrue(Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io\\.sluice\\.sink\\.\\S+ - " + count + "$")
                            .matcher(app.out).find(),
                    "a Logback line (the README's logback.xml) with " + count + " in:\n" + app.out + app.err);
        }
        assertFalse(app.err.contains("SLF4J"), "SLF4J should find Logback:\n" + app.err);
    }

    /** The README's blocks marked {@code <!-- user-project: NAME -->}: NAME -> text. */
    private static Map<String, String> readmeBlocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = MARKED_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        assertEquals(List.of("dependencies", "src/main/java/com/example/WordCountApp.java", "src/main/resources/logback.xml"),
                new ArrayList<>(blocks.keySet()), "the README's user-project blocks");
        return blocks;
    }

    /**
     * Lays out the parent pom and the modules' jars and poms as a Maven repository, the way
     * {@code mvn install} would put them into ~/.m2 (without metadata: Maven then takes the
     * plain {@code -SNAPSHOT} file names).
     */
    private static Path installReactorArtifacts(Path repository, String version) throws IOException {
        copy(ROOT.resolve("pom.xml"), artifact(repository, "sluice-parent", version, "pom"));
        for (String module : MODULES) {
            Path jar = ROOT.resolve(module).resolve("target").resolve("sluice-" + module + "-" + version + ".jar");
            assertTrue(Files.isRegularFile(jar), jar + " is missing: run the whole build ('mvn -B verify' in " + ROOT + ")");
            copy(jar, artifact(repository, "sluice-" + module, version, "jar"));
            copy(ROOT.resolve(module).resolve("pom.xml"), artifact(repository, "sluice-" + module, version, "pom"));
        }
        return repository;
    }

    private static Path artifact(Path repository, String artifactId, String version, String extension) {
        return repository.resolve("io/sluice").resolve(artifactId).resolve(version)
                         .resolve(artifactId + "-" + version + "." + extension);
    }

    private static String userPom(String dependencies, Path sluiceRepository, Path cache) throws IOException {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>my-app</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <repositories>
                    <!-- this build's io.sluice snapshots, and nothing else -->
                    <repository><id>sluice-it</id><url>%s</url><releases><enabled>false</enabled></releases></repository>
                    <!-- third-party releases, from the build's local repository (not its io.sluice snapshots) -->
                    <repository><id>build-cache</id><url>%s</url><snapshots><enabled>false</enabled></snapshots>
                      <releases><checksumPolicy>ignore</checksumPolicy></releases></repository>
                  </repositories>
                  <pluginRepositories>
                    <pluginRepository><id>build-cache</id><url>%s</url><snapshots><enabled>false</enabled></snapshots>
                      <releases><checksumPolicy>ignore</checksumPolicy></releases></pluginRepository>
                  </pluginRepositories>
                %s
                  <build>
                    <plugins>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>%s</version></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>%s</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(sluiceRepository.toUri(), cache.toUri(), cache.toUri(), dependencies.indent(2).stripTrailing(),
                pluginVersion("maven-resources-plugin"), pluginVersion("maven-compiler-plugin"));
    }

    /** The version of a plugin in the root pom: one this build used, so it is in the local repository. */
    private static String pluginVersion(String artifactId) throws IOException {
        Matcher m = Pattern.compile("<artifactId>" + artifactId + "</artifactId>\\s*<version>([^<]+)</version>")
                           .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(m.find(), "no version of " + artifactId + " in the root pom");
        return m.group(1);
    }

    private static Result run(Path workDir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir.getParent(), "out", ".txt");
        Path err = Files.createTempFile(workDir.getParent(), "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().merge("MAVEN_OPTS", QUICK_START, (given, quick) -> given + " " + quick);
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS),
                    String.join(" ", command) + " did not end within " + timeoutSeconds + " s:\n" + Files.readString(out)
                            + Files.readString(err));
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null && !value.isBlank(), "system property " + name + " is not set: run this test through Maven "
                + "('mvn -B verify'), whose failsafe configuration in samples/pom.xml sets it");
        return value;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int code, String out, String err) {
    }
}
