package io.sluice.actors;

import java.time.Duration;
import java.time.Instant;

/**
 * A committed snapshot of a job, from {@link Job#snapshots()}.
 *
 * <pre>{@code
 * job.snapshots().forEach(s -> System.out.println(s.id() + ": " + s.bytes() + " bytes in " + s.duration()));
 * }</pre>
 *
 * @param id         the snapshot id (increasing)
 * @param committed  when it was committed
 * @param duration   from the request to the last stage's acknowledgement
 * @param bytes      the bytes of state and offsets written
 * @param exportName the name it was exported under ({@link Job#exportSnapshot}), or {@code null}
 */
public record JobSnapshotInfo(long id, Instant committed, Duration duration, long bytes, String exportName) {
}
