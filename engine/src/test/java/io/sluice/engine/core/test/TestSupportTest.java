package io.sluice.engine.core.test;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.impl.processor.Processors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class TestSupportTest {

    @Test
    void when_outputDiffers_then_failsWithReadableDiff() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> TestSupport.verifyProcessor(Processors.stepP(Processors.mapStep((Integer i) -> i + 1)))
                                 .input(List.of(1, 2, 3))
                                 .expectOutput(List.of(2, 3, 5))
                                 .verify());

        assertTrue(e.getMessage().contains("first difference at index 2: expected 5, actual 4"), e.getMessage());
    }

    @Test
    void when_anyOrderDiffers_then_missingAndUnexpectedListed() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> TestSupport.verifyProcessor(Processors.stepP(Processors.mapStep((Integer i) -> i)))
                                 .input(List.of(1, 2))
                                 .expectOutput(List.of(2, 3))
                                 .outputChecker(TestSupport.SAME_ITEMS_ANY_ORDER)
                                 .verify());

        assertTrue(e.getMessage().contains("missing: [3]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected: [1]"), e.getMessage());
    }

    /** Keeps a running sum but forgets to save it: only the snapshot run can tell. */
    static final class ForgetfulSumP implements Processor {
        private Outbox outbox;
        private long sum;

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            for (Object o : batch) {
                sum += (Integer) o;
            }
        }

        @Override
        public boolean complete() {
            outbox.add(sum);
            return true;
        }
    }

    @Test
    void when_stateNotSnapshotted_then_snapshotRunFails() throws Exception {
        ProcessorSupplier supplier = ctx -> new ForgetfulSumP();
        TestSupport.verifyProcessor(supplier).input(List.of(1, 2, 3)).expectOutput(List.of(6L)).disableSnapshots().verify();

        AssertionError e = assertThrows(AssertionError.class,
                () -> TestSupport.verifyProcessor(supplier).input(List.of(1, 2, 3)).expectOutput(List.of(6L)).verify());

        assertTrue(e.getMessage().contains("with snapshot and restore"), e.getMessage());
    }

    /** Emits everything in one complete() call, ignoring hasReachedLimit(): the outbox still gets it all. */
    static final class CountingSourceP implements Processor {
        static final List<Integer> CALLS = new ArrayList<>();
        private Outbox outbox;
        private int next;

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean complete() {
            CALLS.add(next);
            while (next < 5 && !outbox.hasReachedLimit()) {
                outbox.add(next++);
            }
            return next == 5;
        }
    }

    @Test
    void when_outboxTiny_then_completeCalledRepeatedly() throws Exception {
        CountingSourceP.CALLS.clear();
        TestSupport.verifyProcessor(ctx -> new CountingSourceP()).input(List.of()).expectOutput(List.of(0, 1, 2, 3, 4))
                   .outboxLimit(2).disableSnapshots().verify();

        assertTrue(CountingSourceP.CALLS.size() >= 9, "3 calls per run: " + CountingSourceP.CALLS);
    }

    @Test
    void when_supplierNotSerializable_then_rejected() {
        Object notSerializable = new Object();
        ProcessorSupplier supplier = ctx -> {
            notSerializable.hashCode();
            return new ForgetfulSumP();
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestSupport.verifyProcessor(supplier));
        assertTrue(e.getMessage().startsWith("supplier is not serializable"), e.getMessage());
    }

    /** A key without a value-based hash code: another JVM would place it in another partition. */
    static final class IdentityKey implements java.io.Serializable {
    }

    /** Counts items; saves the count under an {@link IdentityKey}. */
    static final class IdentityKeyCountP implements Processor {
        private long count;

        @Override
        public void process(int ordinal, Batch batch) {
            count += batch.size();
        }

        @Override
        public boolean saveToSnapshot(io.sluice.engine.core.SnapshotOutbox snapshot) {
            snapshot.save(new IdentityKey(), count);
            return true;
        }

        @Override
        public void restoreFromSnapshot(Object key, Object value) {
            count = (Long) value;
        }
    }

    @Test
    void when_savedKeyChangesPartitionWhenSerialized_then_snapshotRunFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> TestSupport.verifyProcessor((ProcessorSupplier) ctx -> new IdentityKeyCountP())
                                 .input(List.of(1, 2, 3))
                                 .expectOutput(List.of())
                                 .verify());

        assertTrue(e.getMessage().contains("whose partition changes when it is serialized"), e.getMessage());
    }
}
