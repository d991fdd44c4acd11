package io.sluice.actors.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.NotSerializableException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal's event format: every event round-trips; other versions and damaged bytes fail clearly. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JournalSerializerTest {
    private final JournalSerializer serializer = new JournalSerializer(null);

    private Object roundTrip(Object event) throws Exception {
        return serializer.fromBinary(serializer.toBinary(event), serializer.manifest(event));
    }

    @Test
    void when_everyEventWritten_then_readBackEqual() throws Exception {
        List<Object> events = List.of(
                new JobEntity.ExecutionStarted(3, 1234),
                new JobEntity.SnapshotCommitted(7, 1 << 20, 15, 99, "v1 é"),
                new JobEntity.SnapshotCommitted(8, 0, 0, 0, null),
                new JobEntity.SnapshotExported("v1", 7, 5),
                new JobEntity.Suspended(null, 6),
                new JobEntity.Suspended("in stage 'x': boom", 6),
                new JobEntity.Resumed(8),
                new JobEntity.Restarting("the node stopped", false, 2, 9),
                new JobEntity.Completed(10),
                new JobEntity.Failed("boom", 11),
                new JobEntity.Cancelled(12),
                new JobRegistry.JobRegistered("id-1", "ledger"),
                new JobRegistry.JobUnregistered("id-1"));
        for (Object event : events) {
            assertEquals(event, roundTrip(event));
        }
        JobEntity.JobSubmitted submitted = new JobEntity.JobSubmitted("id", "name", new byte[]{1, 2, 3}, new byte[0], 42);
        JobEntity.JobSubmitted back = (JobEntity.JobSubmitted) roundTrip(submitted);
        assertArrayEquals(submitted.dag(), back.dag());
        assertArrayEquals(submitted.config(), back.config());
        assertEquals(submitted.name(), back.name());
        assertEquals(42, back.submissionTime());
    }

    @Test
    void when_otherVersionOrDamaged_then_clearError() {
        byte[] bytes = serializer.toBinary(new JobEntity.Completed(10));
        bytes[0] = 9;
        NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> serializer.fromBinary(bytes, "Completed"));
        assertTrue(e.getMessage().contains("format version 9"), e.getMessage());

        byte[] truncated = new byte[]{1, 0, 0};
        e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, "Failed"));
        assertTrue(e.getMessage().contains("truncated or damaged"), e.getMessage());

        e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[]{1}, "Nope"));
        assertTrue(e.getMessage().contains("unknown journal event type 'Nope'"), e.getMessage());
    }
}
