package io.sluice.actors;

import java.time.Duration;
import java.time.Instant;

/**
 * One execution of a job (a run from a start or restart to its end), from {@link Job#executions()}.
 *
 * <pre>{@code
 * for (JobExecutionInfo e : job.executions()) {
 *     System.out.println(e.id() + " " + e.start() + " " + e.duration() + " " + e.outcome());
 * }
 * }</pre>
 *
 * @param id       1 for the first execution, then one more per restart or resume
 * @param start    when it started
 * @param duration how long it ran, or {@code null} while it runs
 * @param outcome  how it ended ("completed", "failed: ...", "restarted", "suspended", "cancelled",
 *                 "node stopped"), or {@code null} while it runs
 */
public record JobExecutionInfo(long id, Instant start, Duration duration, String outcome) {
}
