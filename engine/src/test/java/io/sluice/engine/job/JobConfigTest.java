package io.sluice.engine.job;

import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.impl.processor.IdentityP;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobConfigTest {

    @Test
    void when_maxBatchBytesNotSet_then_oneMebibyte() {
        assertEquals(1 << 20, new JobConfig().getMaxBatchBytes());
        assertEquals(JobConfig.DEFAULT_MAX_BATCH_BYTES, new JobConfig().getMaxBatchBytes());
    }

    @Test
    void when_maxBatchBytesInRange_then_kept() {
        assertEquals(1024, new JobConfig().setMaxBatchBytes(1024).getMaxBatchBytes());
        assertEquals(1L << 30, new JobConfig().setMaxBatchBytes(1L << 30).getMaxBatchBytes());
    }

    @Test
    void when_maxBatchBytesOutOfRange_then_errorNamesRangeAndValue() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> new JobConfig().setMaxBatchBytes(1023));
        assertEquals("maxBatchBytes must be between 1024 (1 KiB) and 1073741824 (1 GiB), but was 1023", low.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                () -> new JobConfig().setMaxBatchBytes((1L << 30) + 1));
        assertEquals("maxBatchBytes must be between 1024 (1 KiB) and 1073741824 (1 GiB), but was 1073741825", high.getMessage());
    }

    @Test
    void when_vertexMaxBatchBytes_then_zeroMeansJobsAndRangeIsChecked() {
        Vertex v = new Dag().newVertex("v", ctx -> new IdentityP());
        assertEquals(0, v.maxBatchBytes());
        assertEquals(4096, v.maxBatchBytes(4096).maxBatchBytes());
        assertEquals(0, v.maxBatchBytes(0).maxBatchBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.maxBatchBytes(-1));
        assertEquals("maxBatchBytes must be 0 (job default) or 1024 (1 KiB) to 1073741824 (1 GiB), but was -1", e.getMessage());
    }
}
