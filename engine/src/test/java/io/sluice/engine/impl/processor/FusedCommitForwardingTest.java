package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sink fused into a chain (a processor step after a map) still gets the two-phase commit calls. */
@Timeout(30)
class FusedCommitForwardingTest {

    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    /** Records the commit calls; its first prepare asks to be called again. */
    static final class RecordingSink implements Processor {
        private boolean askedAgain;

        @Override
        public void process(int ordinal, Batch batch) {
        }

        @Override
        public boolean snapshotCommitPrepare() {
            CALLS.add("prepare");
            if (!askedAgain) {
                askedAgain = true;
                return false;
            }
            return true;
        }

        @Override
        public boolean snapshotCommitFinish(boolean success) {
            CALLS.add("finish " + success);
            return true;
        }
    }

    @Test
    void when_sinkFusedAfterMap_then_prepareAndFinishReachIt() throws Exception {
        CALLS.clear();
        ProcessorSupplier sink = ctx -> new RecordingSink();
        ProcessorSupplier chain = new FusedProcessorSupplier(null,
                List.of(Processors.mapStep(x -> x), Processors.processorStep(sink)));
        ProcessorContext ctx = ProcessorContext.single("v");
        Processor p = chain.get(ctx);
        p.init(new NullOutbox(), ctx);
        assertFalse(p.snapshotCommitPrepare(), "the sink asked to be called again");
        assertTrue(p.snapshotCommitPrepare());
        assertTrue(p.snapshotCommitFinish(true));
        assertTrue(p.snapshotCommitFinish(false));
        assertEquals(List.of("prepare", "prepare", "finish true", "finish false"), new ArrayList<>(CALLS));
        p.close();
    }

    private static final class NullOutbox implements Outbox {
        @Override
        public void add(Object item) {
        }

        @Override
        public void add(int ordinal, Object item) {
        }

        @Override
        public void addWatermark(long timestamp) {
        }

        @Override
        public boolean hasReachedLimit() {
            return false;
        }

        @Override
        public int outputCount() {
            return 1;
        }
    }
}
