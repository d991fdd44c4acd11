package io.sluice.actors;

import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node killed with SIGKILL: a node started on its data directory resumes its running job, not its finished one. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KillRecoveryIT {

    @Test
    void when_nodeKilled_then_nodeOnSameDirectoryResumesRunningJob(@TempDir Path dir) throws Exception {
        String key = UUID.randomUUID().toString();
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                KillRecoveryChild.class.getName(), dir.toString(), key).redirectErrorStream(true).start();
        try {
            StringBuilder output = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.equals("READY")) {
                        break;
                    }
                }
            }
            assertTrue(output.toString().contains("READY"), "the child did not get ready:\n" + output);
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }

        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("kill-parent").withParallelism(2)
                .withDataDirectory(dir))) {
            assertTrue(sluice.getJob("batch").isEmpty(), "the completed batch job is not run again");
            Job stream = sluice.getJob("stream").orElseThrow();
            assertTrue(stream == sluice.newJobIfAbsent(JobLifecycleTest.dag(key, -1, 0), JobConfig.named("stream")));
            JobLifecycleTest.await("the resumed job runs here", () -> stream.status() == JobStatus.RUNNING
                    && JobLifecycleTest.received(key) > 0);
            assertEquals(0, JobLifecycleTest.received(key + "-batch"));
            assertEquals("the node stopped", stream.executions().get(0).outcome());
            stream.cancel();
            assertThrows(JobCancelledException.class, stream::join);
        }
    }
}
