package io.sluice.engine.core.test;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.impl.util.Util;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Verifies a processor against given input and expected output, the way the runtime would drive
 * it, several times over:
 * <ul>
 * <li>input in batches of 1 item, of 2 items, and all in one batch;</li>
 * <li>unless {@link #disableSnapshots()}: once more in batches of 1 with snapshots taken at
 * several points of the input, each saved (through Java serialization), the instance closed and
 * the state restored into a fresh instance that goes on with the rest of the input; every saved
 * key must have a place on restore ({@link SnapshotKeys#partitionOf} does not throw);</li>
 * <li>always with a tiny outbox that reports {@code hasReachedLimit()} after
 * {@linkplain #outboxLimit(int) a few} items per call, so re-entrant {@code complete()} and
 * {@code tryProcessWatermark()} are exercised.</li>
 * </ul>
 * {@link Watermark} objects in an input list are delivered as watermarks
 * ({@code tryProcessWatermark} until it returns {@code true}, then the watermark is forwarded
 * into the output, as the runtime does). The output (items and watermarks, in order) is compared
 * with the expected output by the {@linkplain #outputChecker output checker}; a mismatch fails
 * with an {@link AssertionError} showing both lists and their difference. An exception thrown by
 * the processor propagates unchanged. The supplier is serialized and deserialized first, as a
 * remote node would see it. The processor gets {@linkplain #context the context} you give, so a
 * limit on accumulated records ({@code ProcessorContext.withMaxProcessorAccumulatedRecords}) is
 * enforced as in a job; the engine's stateful processors must also report no accumulated records
 * once {@code complete()} has returned {@code true}.
 *
 * <pre>{@code
 * TestSupport.verifyProcessor(Processors.stepP(Processors.mapStep(s -> ((String) s).toUpperCase())))
 *            .input(List.of("a", "b"))
 *            .expectOutput(List.of("A", "B"))
 *            .verify();
 * }</pre>
 *
 * Several inputs: {@link #inputs(List)} gives one list per input ordinal; by default the inputs
 * are interleaved batch by batch, and {@link #priorities(int...)} makes the inputs with a lower
 * value be consumed (and completed) before the others, like {@code Edge.priority}.
 */
public final class TestSupport {
    /** Checks that both lists hold the same items the same number of times, in any order. */
    public static final BiPredicate<List<?>, List<?>> SAME_ITEMS_ANY_ORDER = (expected, actual) -> counts(expected).equals(counts(actual));

    private static final int MAX_IDLE_CALLS = 10_000;
    private static final int SNAPSHOT_POINTS = 8;

    private final ProcessorSupplier supplier;
    private List<List<?>> inputs = List.of();
    private int[] priorities;
    private List<?> expectedOutput;
    private boolean snapshots = true;
    private BiPredicate<List<?>, List<?>> checker = Objects::equals;
    private int outboxLimit = 2;
    private ProcessorContext context = ProcessorContext.single("test");

    private TestSupport(ProcessorSupplier supplier) {
        this.supplier = supplier;
    }

    /** Starts verifying processors made by {@code supplier}. */
    public static TestSupport verifyProcessor(ProcessorSupplier supplier) {
        Util.checkSerializable(supplier, "supplier");
        return new TestSupport(supplier);
    }

    /** The items of input ordinal 0 (may contain {@link Watermark}s). */
    public TestSupport input(List<?> input) {
        return inputs(List.of(Objects.requireNonNull(input, "input must not be null")));
    }

    /** The items of each input ordinal, in ordinal order. */
    public TestSupport inputs(List<? extends List<?>> inputs) {
        Objects.requireNonNull(inputs, "inputs must not be null");
        this.inputs = List.copyOf(inputs);
        return this;
    }

    /** The priority of each input ordinal; lower values are consumed completely first. Default: all 0. */
    public TestSupport priorities(int... priorities) {
        this.priorities = priorities.clone();
        return this;
    }

    /** The expected output (items and {@link Watermark}s). */
    public TestSupport expectOutput(List<?> expectedOutput) {
        this.expectedOutput = List.copyOf(Objects.requireNonNull(expectedOutput, "expectedOutput must not be null"));
        return this;
    }

    /** Skips the run with snapshot and restore (for processors without snapshot support). */
    public TestSupport disableSnapshots() {
        this.snapshots = false;
        return this;
    }

    /** How to compare {@code (expected, actual)}; default: equal lists, same order. */
    public TestSupport outputChecker(BiPredicate<List<?>, List<?>> checker) {
        this.checker = Objects.requireNonNull(checker, "checker must not be null");
        return this;
    }

    /** Items per call after which the test outbox reports {@code hasReachedLimit()}; default 2. */
    public TestSupport outboxLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("outboxLimit must be positive, but was " + limit);
        }
        this.outboxLimit = limit;
        return this;
    }

    /** The context given to the processor; default {@code ProcessorContext.single("test")}. */
    public TestSupport context(ProcessorContext context) {
        this.context = Objects.requireNonNull(context, "context must not be null");
        return this;
    }

    /**
     * Runs the processor as described above and compares its output.
     *
     * @throws AssertionError if an output differs from the expected one
     * @throws Exception      what the processor threw, unchanged
     */
    public void verify() throws Exception {
        Objects.requireNonNull(expectedOutput, "call expectOutput(..) before verify()");
        if (priorities != null && priorities.length != inputs.size()) {
            throw new IllegalArgumentException("priorities has " + priorities.length + " values but there are "
                    + inputs.size() + " inputs");
        }
        ProcessorSupplier remote = Util.roundTrip(supplier);
        run(remote, "batches of 1 item", 1, false);
        run(remote, "batches of 2 items", 2, false);
        run(remote, "all items in one batch", Integer.MAX_VALUE, false);
        if (snapshots) {
            run(remote, "batches of 1 item with snapshot and restore", 1, true);
        }
    }

    private void run(ProcessorSupplier supplier, String runName, int batchSize, boolean withSnapshots) throws Exception {
        List<Object[]> events = plan(batchSize);
        TestOutbox outbox = new TestOutbox(outboxLimit);
        Processor processor = newInstance(supplier, outbox);
        try {
            int every = Math.max(1, events.size() / SNAPSHOT_POINTS);
            if (withSnapshots && events.isEmpty()) {
                processor = snapshotAndRestore(processor, supplier, outbox);
            }
            for (int i = 0; i < events.size(); i++) {
                deliver(processor, outbox, events.get(i));
                if (withSnapshots && (i % every == 0 || i == events.size() - 1)) {
                    processor = snapshotAndRestore(processor, supplier, outbox);
                }
            }
            Processor p = processor;
            callUntilDone(outbox, "complete()", p::complete);
            checkStateReleased(p, runName);
        } finally {
            processor.close();
        }
        if (!checker.test(expectedOutput, outbox.output)) {
            throw new AssertionError("processor output is not as expected (run: " + runName + ")\n"
                    + diff(expectedOutput, outbox.output, checker == SAME_ITEMS_ANY_ORDER));
        }
    }

    /**
     * A processor that reports its accumulated records (the engine's stateful processors, for the
     * heap watchdog and {@code JobConfig.setMaxProcessorAccumulatedRecords}) must hold none after
     * {@code complete()}: what it still counted would be kept alive, or miscounted.
     */
    private static void checkStateReleased(Processor p, String runName) {
        if (p instanceof StateReporting r && r.accumulatedRecords() != 0) {
            throw new AssertionError("the processor still reports " + r.accumulatedRecords()
                    + " accumulated records after complete() returned true (run: " + runName + ")");
        }
    }

    private Processor newInstance(ProcessorSupplier supplier, TestOutbox outbox) throws Exception {
        Processor p = supplier.get(context);
        p.init(outbox, context);
        return p;
    }

    /** Input events in delivery order: {ordinal, Batch | Watermark | COMPLETE_EDGE}. */
    private List<Object[]> plan(int batchSize) {
        Map<Integer, List<Integer>> byPriority = new java.util.TreeMap<>();
        for (int ordinal = 0; ordinal < inputs.size(); ordinal++) {
            byPriority.computeIfAbsent(priorities == null ? 0 : priorities[ordinal], k -> new ArrayList<>()).add(ordinal);
        }
        List<Object[]> events = new ArrayList<>();
        for (List<Integer> group : byPriority.values()) {
            List<List<Object>> perOrdinal = new ArrayList<>();
            for (int ordinal : group) {
                perOrdinal.add(eventsOf(inputs.get(ordinal), batchSize));
            }
            for (int round = 0; ; round++) {
                boolean any = false;
                for (int g = 0; g < group.size(); g++) {
                    List<Object> list = perOrdinal.get(g);
                    if (round < list.size()) {
                        events.add(new Object[]{group.get(g), list.get(round)});
                        any = true;
                    } else if (round == list.size()) {
                        events.add(new Object[]{group.get(g), COMPLETE_EDGE});
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
            }
        }
        return events;
    }

    private static final Object COMPLETE_EDGE = new Object();

    private static List<Object> eventsOf(List<?> input, int batchSize) {
        List<Object> events = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        for (Object item : input) {
            if (item instanceof Watermark) {
                if (!current.isEmpty()) {
                    events.add(Batch.ofList(current));
                    current = new ArrayList<>();
                }
                events.add(item);
                continue;
            }
            current.add(Objects.requireNonNull(item, "input lists must not contain null"));
            if (current.size() == batchSize) {
                events.add(Batch.ofList(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            events.add(Batch.ofList(current));
        }
        return events;
    }

    private static void deliver(Processor processor, TestOutbox outbox, Object[] event) throws Exception {
        int ordinal = (Integer) event[0];
        Object payload = event[1];
        if (payload instanceof Batch batch) {
            outbox.newCall();
            processor.process(ordinal, batch);
        } else if (payload instanceof Watermark wm) {
            callUntilDone(outbox, "tryProcessWatermark(" + wm.timestamp() + ")", () -> processor.tryProcessWatermark(wm.timestamp()));
            outbox.output.add(wm);
        } else {
            callUntilDone(outbox, "completeEdge(" + ordinal + ")", () -> processor.completeEdge(ordinal));
        }
    }

    private interface Call {
        boolean call() throws Exception;
    }

    private static void callUntilDone(TestOutbox outbox, String what, Call call) throws Exception {
        for (int idle = 0; ; ) {
            outbox.newCall();
            int before = outbox.output.size();
            if (call.call()) {
                return;
            }
            idle = outbox.output.size() == before ? idle + 1 : 0;
            if (idle == MAX_IDLE_CALLS) {
                throw new AssertionError(what + " returned false " + MAX_IDLE_CALLS + " times in a row without emitting anything");
            }
        }
    }

    private Processor snapshotAndRestore(Processor processor, ProcessorSupplier supplier, TestOutbox outbox) throws Exception {
        List<Map.Entry<Object, Object>> state = new ArrayList<>();
        callUntilDone(outbox, "saveToSnapshot()", () -> processor.saveToSnapshot(
                (key, value) -> state.add(new AbstractMap.SimpleEntry<>(placeable(key, copy(key, "key")), copy(value, "value")))));
        processor.close();
        Processor fresh = newInstance(supplier, outbox);
        for (Map.Entry<Object, Object> e : state) {
            fresh.restoreFromSnapshot(e.getKey(), e.getValue());
        }
        fresh.finishSnapshotRestore();
        return fresh;
    }

    /**
     * A saved key must have a place on restore ({@link SnapshotKeys#partitionOf}): its partition, or
     * local; and the same place after serialization (a value-based hash code), or another node would
     * restore it to another instance.
     */
    private Object placeable(Object key, Object copy) {
        int partition;
        int copied;
        try {
            partition = SnapshotKeys.partitionOf(key, context.partitionCount());
            copied = SnapshotKeys.partitionOf(copy, context.partitionCount());
        } catch (RuntimeException e) {
            throw new AssertionError("saveToSnapshot saved a key of " + key.getClass().getName()
                    + " that cannot be placed in a partition (" + e + "); implement SnapshotKeys.Local for state of the"
                    + " instance, or SnapshotKeys.Partitioned to be placed by a wrapped grouping key", e);
        }
        if (partition != copied) {
            throw new AssertionError("saveToSnapshot saved a key of " + key.getClass().getName() + " whose partition changes"
                    + " when it is serialized (" + partition + " before, " + copied + " after): its hashCode() must depend"
                    + " on its value only, or it must implement SnapshotKeys.Local");
        }
        return copy;
    }

    private static Object copy(Object o, String what) {
        if (o == null) {
            throw new AssertionError("saveToSnapshot saved a null " + what);
        }
        if (!(o instanceof Serializable s)) {
            throw new AssertionError("saveToSnapshot saved a " + what + " of " + o.getClass().getName()
                    + ", which is not Serializable");
        }
        return Util.roundTrip(s);
    }

    private static Map<Object, Integer> counts(List<?> items) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Object item : items) {
            counts.merge(item, 1, Integer::sum);
        }
        return counts;
    }

    private static String diff(List<?> expected, List<?> actual, boolean anyOrder) {
        StringBuilder sb = new StringBuilder();
        sb.append("  expected (").append(expected.size()).append("): ").append(abbreviate(expected)).append('\n');
        sb.append("  actual   (").append(actual.size()).append("): ").append(abbreviate(actual)).append('\n');
        if (anyOrder) {
            Map<Object, Integer> missing = counts(expected);
            Map<Object, Integer> unexpected = new HashMap<>();
            for (Object item : actual) {
                if (missing.merge(item, -1, Integer::sum) < 0) {
                    missing.merge(item, 1, Integer::sum);
                    unexpected.merge(item, 1, Integer::sum);
                }
            }
            missing.values().removeIf(c -> c == 0);
            sb.append("  missing: ").append(sorted(missing)).append('\n');
            sb.append("  unexpected: ").append(sorted(unexpected));
        } else {
            int i = 0;
            while (i < expected.size() && i < actual.size() && Objects.equals(expected.get(i), actual.get(i))) {
                i++;
            }
            sb.append("  first difference at index ").append(i).append(": expected ")
              .append(i < expected.size() ? expected.get(i) : "<end>").append(", actual ")
              .append(i < actual.size() ? actual.get(i) : "<end>");
        }
        return sb.toString();
    }

    private static String sorted(Map<Object, Integer> counts) {
        TreeSet<String> lines = new TreeSet<>();
        counts.forEach((item, n) -> lines.add(n == 1 ? String.valueOf(item) : item + " x" + n));
        return lines.toString();
    }

    private static String abbreviate(List<?> items) {
        return items.size() <= 50 ? items.toString()
                : items.subList(0, 50) + "... (" + (items.size() - 50) + " more)";
    }

    /** Collects everything; reports the limit after {@code limit} items in the current call. */
    private static final class TestOutbox implements Outbox {
        final List<Object> output = new ArrayList<>();
        private final int limit;
        private int inCall;

        TestOutbox(int limit) {
            this.limit = limit;
        }

        void newCall() {
            inCall = 0;
        }

        @Override
        public void add(Object item) {
            if (item == null) {
                throw new NullPointerException("the processor emitted null");
            }
            output.add(item);
            inCall++;
        }

        @Override
        public void add(int ordinal, Object item) {
            if (ordinal != 0) {
                throw new IllegalArgumentException("TestSupport has one output (ordinal 0), but the processor emitted to "
                        + ordinal);
            }
            add(item);
        }

        @Override
        public void addWatermark(long timestamp) {
            output.add(new Watermark(timestamp));
        }

        @Override
        public boolean hasReachedLimit() {
            return inCall >= limit;
        }

        @Override
        public int outputCount() {
            return 1;
        }
    }

    @Override
    public String toString() {
        return "TestSupport{inputs=" + inputs + ", priorities=" + Arrays.toString(priorities) + "}";
    }
}
