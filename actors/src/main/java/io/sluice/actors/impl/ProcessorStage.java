package io.sluice.actors.impl;

import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.impl.execution.ProcessorDriver;
import org.apache.pekko.stream.AmorphousShape;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import scala.jdk.javaapi.CollectionConverters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The GraphStage of one vertex instance: N inlets (one per input connection), M outlets (one per
 * output connection), and a {@link ProcessorDriver} in between that runs the processor a batch at
 * a time.
 *
 * <p>Backpressure: an inlet is pulled only while the driver wants input (its priority is current
 * and queued output is under the limit), and an outlet gets one element per pull. A source
 * (no inlets) runs its processor whenever output drained below the limit; when it produced
 * nothing it retries after {@code idleRetry}. A timer flushes partial batches every batch wait time.
 * {@code done} completes when the processor completed and all output was pushed, or fails with
 * a {@link StageFailure} naming the stage that threw. A processor that waits for asynchronous
 * events ({@code WakeUpAware}: an async service stage) gets a wake-up callback; calling it from
 * any thread enqueues one async callback (coalesced) that runs the processor and pumps.
 *
 * <p>Yielding and stopping: one callback runs the processor for at most {@link #MAX_ROUNDS} rounds
 * or {@link #SLICE_NANOS}, whichever comes first, then resumes through an async callback so other
 * stages and a cancellation get their turn. Every callback runs between
 * {@link InstanceControl#enter()} and {@code exit()}, so a cancellation can interrupt user code
 * blocked inside it; a cancelled stage fails at its next round without calling the processor again.
 */
final class ProcessorStage extends GraphStage<AmorphousShape> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessorStage.class);
    private static final String TICK = "tick";
    private static final String RETRY = "retry";
    /** Rounds of work in one callback before the stage yields its thread. */
    private static final int MAX_ROUNDS = 64;
    /** Time one callback may run the processor before the stage yields its thread (about a millisecond). */
    private static final long SLICE_NANOS = 1_000_000L;
    /** Longest time a busy stage goes on without reading its mailbox (demand, snapshot signals): 5 ms. */
    private static final long MAILBOX_TURN_NANOS = 5_000_000L;

    private final String name;
    private final Supplier<ProcessorDriver> driverFactory;
    private final List<Inlet<EdgeItem>> ins = new ArrayList<>();
    private final List<Outlet<EdgeItem>> outs = new ArrayList<>();
    private final AmorphousShape shape;
    private final CompletableFuture<Void> done;
    private final Duration batchWait;
    private final Duration idleRetry;
    private final InstanceControl control;
    private final String description;
    /**
     * At most once: records a source's offset after each call that emitted something, before that
     * output is pushed; {@code null} otherwise.
     */
    interface OffsetRecorder {
        void record(ProcessorDriver driver) throws Exception;
    }

    private final OffsetRecorder offsets;
    /** Saved state to restore after {@code init()}, or {@code null} for a fresh start. */
    private final java.util.List<java.util.Map.Entry<Object, Object>> restore;

    /**
     * @param name        the instance's name (vertex#index), for logs
     * @param description what the vertex runs (its stages), named in failures the processor cannot attribute
     * @param control     lets the instance's actor stop the stage from another thread
     */
    ProcessorStage(String name, String description, int inletCount, int outletCount, Supplier<ProcessorDriver> driverFactory,
                   CompletableFuture<Void> done, Duration batchWait, Duration idleRetry, InstanceControl control,
                   java.util.List<java.util.Map.Entry<Object, Object>> restore, OffsetRecorder offsets) {
        this.name = name;
        this.restore = restore;
        this.offsets = offsets;
        this.description = description;
        this.control = control;
        this.driverFactory = driverFactory;
        this.done = done;
        this.batchWait = batchWait;
        this.idleRetry = idleRetry;
        List<Inlet<?>> inlets = new ArrayList<>();
        List<Outlet<?>> outlets = new ArrayList<>();
        for (int i = 0; i < inletCount; i++) {
            Inlet<EdgeItem> in = Inlet.create(name + ".in" + i);
            ins.add(in);
            inlets.add(in);
        }
        for (int i = 0; i < outletCount; i++) {
            Outlet<EdgeItem> out = Outlet.create(name + ".out" + i);
            outs.add(out);
            outlets.add(out);
        }
        this.shape = AmorphousShape.apply(CollectionConverters.asScala(inlets).toList(),
                CollectionConverters.asScala(outlets).toList());
    }

    @Override
    public AmorphousShape shape() {
        return shape;
    }

    @Override
    public String toString() {
        return "ProcessorStage(" + name + ")";
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new Logic();
    }

    private final class Logic extends TimerGraphStageLogic {
        private ProcessorDriver driver;
        private long startNanos;
        private boolean retryScheduled;
        private boolean resumeScheduled;
        /** When the stage last yielded through its mailbox (see {@link #pump()}). */
        private long lastMailboxTurn = System.nanoTime();
        private org.apache.pekko.stream.stage.AsyncCallback<Boolean> resume;
        /** Invokes {@link #resume} from a pool thread: see {@link #pump()}. */
        private final Runnable resumeFromOutside = () -> resume.invoke(Boolean.TRUE);
        /** Runs the processor when an asynchronous event it waits for happened (a {@code WakeUpAware} processor). */
        private org.apache.pekko.stream.stage.AsyncCallback<Boolean> wake;
        /** Coalesces wake-ups from other threads: set by the first, cleared when the callback runs. */
        private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();
        private boolean finished;

        Logic() {
            super(shape);
            for (int i = 0; i < ins.size(); i++) {
                int inlet = i;
                setHandler(ins.get(i), new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        control.enter();
                        try {
                            if (control.isCancelled()) {
                                stopCancelled();
                                return;
                            }
                            driver.onItem(inlet, grab(ins.get(inlet)), System.nanoTime());
                            pump();
                        } catch (Throwable t) {
                            fail(t);
                        } finally {
                            control.exit();
                        }
                    }

                    @Override
                    public void onUpstreamFinish() {
                        if (LOG.isDebugEnabled()) {
                            LOG.debug("{} inlet {} finished after {} ms", name, inlet, (System.nanoTime() - startNanos) / 1_000_000);
                        }
                        control.enter();
                        try {
                            if (control.isCancelled()) {
                                stopCancelled();
                                return;
                            }
                            driver.onInletComplete(inlet, System.nanoTime());
                            pump();
                        } catch (Throwable t) {
                            fail(t);
                        } finally {
                            control.exit();
                        }
                    }

                    @Override
                    public void onUpstreamFailure(Throwable ex) {
                        // the instance that failed reports its own failure; this one only passes it on
                        failWith(new StageFailure(description, true, ex), ex);
                    }
                });
            }
            for (int i = 0; i < outs.size(); i++) {
                setHandler(outs.get(i), new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        control.enter();
                        try {
                            pump();
                        } finally {
                            control.exit();
                        }
                    }

                    @Override
                    public void onDownstreamFinish(Throwable cause) {
                        // A consumer stopped: that only happens when the job is failing or being
                        // cancelled, and the consumer reports its own cause to the coordinator.
                        // Reporting a second failure here could reach the coordinator first and
                        // mask the real cause, so this instance just stops.
                        if (!finished) {
                            finished = true;
                            closeDriver(null);
                            completeStage();
                            done.complete(null);
                        }
                    }
                });
            }
        }

        @Override
        public void preStart() {
            // a vertex without inlets and outlets (a source fused with its sink) has no open port,
            // which Pekko would take as "finished": keep the stage alive until the processor is done
            setKeepGoing(true);
            startNanos = System.nanoTime();
            resume = createAsyncCallback(ignored -> {
                resumeScheduled = false;
                control.enter();
                try {
                    pump();
                } finally {
                    control.exit();
                }
            });
            wake = createAsyncCallback(ignored -> {
                wakePending.set(false);
                control.enter();
                try {
                    if (!finished && !control.isCancelled()) {
                        driver.onWakeUp();
                    }
                    pump();
                } catch (Throwable t) {
                    fail(t);
                } finally {
                    control.exit();
                }
            });
            control.enter();
            try {
                driver = driverFactory.get();
                control.attach(driver);
                driver.setWakeUp(() -> {
                    if (wakePending.compareAndSet(false, true)) {
                        wake.invoke(Boolean.TRUE);
                    }
                });
                driver.init();
                if (restore != null) {
                    driver.restore(restore);
                }
                org.apache.pekko.stream.stage.AsyncCallback<InstanceControl.SnapshotSignal> signals =
                        createAsyncCallback(this::onSnapshotSignal);
                control.attachSignals(signals::invoke);
                scheduleWithFixedDelay(TICK, batchWait, batchWait);
                pump();
            } catch (Throwable t) {
                fail(t);
            } finally {
                control.exit();
            }
        }

        /** A snapshot signal of the execution coordinator, on the stage's thread. */
        private void onSnapshotSignal(InstanceControl.SnapshotSignal signal) {
            control.signalDelivered();
            if (finished) {
                return;
            }
            control.enter();
            try {
                switch (signal.kind()) {
                    case REQUEST -> driver.requestSnapshot(signal.id());
                    case COMMITTED -> driver.snapshotCommitted(signal.id(), true);
                    case FAILED -> driver.snapshotCommitted(signal.id(), false);
                    case DESCRIBE -> {
                        StringBuilder ports = new StringBuilder();
                        for (int i = 0; i < ins.size(); i++) {
                            Inlet<EdgeItem> in = ins.get(i);
                            ports.append(" in").append(i).append(isClosed(in) ? ":closed" : hasBeenPulled(in) ? ":pulled"
                                    : ":idle");
                        }
                        for (int j = 0; j < outs.size(); j++) {
                            Outlet<EdgeItem> out = outs.get(j);
                            ports.append(" out").append(j).append(isClosed(out) ? ":closed" : isAvailable(out)
                                    ? ":demand" : ":no-demand").append(driver.hasOutput(j) ? "+queued" : "");
                        }
                        LOG.warn("{}: {}{}", name, driver.describe(), ports);
                    }
                }
                pump();
            } catch (Throwable t) {
                fail(t);
            } finally {
                control.exit();
            }
        }

        @Override
        public void onTimer(Object key) {
            control.enter();
            try {
                if (TICK.equals(key)) {
                    if (!control.isCancelled()) {
                        driver.tick(System.nanoTime());
                    }
                } else {
                    retryScheduled = false;
                }
                pump();
            } catch (Throwable t) {
                fail(t);
            } finally {
                control.exit();
            }
        }

        /**
         * Runs the processor and moves output while anything makes progress. A processor that
         * keeps working without producing pushable output (a source fused with its sink, a long
         * final emission into a fused sink) is continued in rounds: after {@link #MAX_ROUNDS}
         * rounds or {@link #SLICE_NANOS} the stage yields its thread and resumes through an async
         * callback, so other stages and a cancellation get their turn. At least every
         * {@link #MAILBOX_TURN_NANOS}, and whenever a snapshot signal waits, the callback is invoked
         * from a pool thread, so that it queues behind the stage actor's mailbox (demand from
         * downstream, snapshot signals) instead of running at once.
         */
        private void pump() {
            if (finished) {
                return;
            }
            try {
                int rounds = 0;
                boolean worked = false;
                long sliceStart = System.nanoTime();
                while (true) {
                    if (control.isCancelled()) {
                        stopCancelled();
                        return;
                    }
                    long emittedBefore = driver.emittedItems();
                    boolean wasDone = driver.isProcessorDone();
                    driver.runPending();
                    worked = driver.emittedItems() != emittedBefore || driver.isProcessorDone() != wasDone;
                    if (offsets != null && worked) {
                        offsets.record(driver);
                    }
                    boolean pushed = pushOutputs();
                    if (!worked && !pushed) {
                        break;
                    }
                    if (driver.hasReachedLimit() && !anyOutletAvailableWithOutput()) {
                        break; // wait for downstream demand (onPull)
                    }
                    if (++rounds >= MAX_ROUNDS || System.nanoTime() - sliceStart > SLICE_NANOS) {
                        if (!resumeScheduled) {
                            resumeScheduled = true;
                            long now = System.nanoTime();
                            if (control.hasPendingSignals() || now - lastMailboxTurn > MAILBOX_TURN_NANOS) {
                                // Invoked on this thread, Pekko runs the resume at once, up to
                                // sync-processing-limit (1000) times in a row before it reads the
                                // mailbox: a file source feeding a fused aggregation (it pushes
                                // nothing, so never waits for demand) held a snapshot request and
                                // the demand for its barrier for ~350 ms. Invoked from a pool thread,
                                // the resume queues behind what the mailbox holds.
                                lastMailboxTurn = now;
                                materializer().executionContext().execute(resumeFromOutside);
                            } else {
                                resume.invoke(Boolean.TRUE);
                            }
                        }
                        break;
                    }
                }
                if (driver.isSource() && !driver.isProcessorDone() && !worked && !driver.hasReachedLimit()
                        && !retryScheduled && !resumeScheduled) {
                    // an idle source: try again shortly instead of spinning
                    retryScheduled = true;
                    scheduleOnce(RETRY, idleRetry);
                }
                for (int i = 0; i < ins.size(); i++) {
                    Inlet<EdgeItem> in = ins.get(i);
                    if (!hasBeenPulled(in) && !isClosed(in) && driver.wantsInput(i)) {
                        pull(in);
                    }
                }
                if (driver.isDone()) {
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("{} done after {} ms", name, (System.nanoTime() - startNanos) / 1_000_000);
                    }
                    finished = true;
                    closeDriver(null);
                    completeStage();
                    done.complete(null);
                }
            } catch (Throwable t) {
                fail(t);
            }
        }

        /** Pushes one ready element to each outlet that has demand; returns whether anything was pushed. */
        private boolean pushOutputs() {
            boolean pushed = false;
            for (int j = 0; j < outs.size(); j++) {
                Outlet<EdgeItem> out = outs.get(j);
                if (isAvailable(out) && driver.hasOutput(j)) {
                    push(out, driver.pollOutput(j));
                    pushed = true;
                }
            }
            return pushed;
        }

        private boolean anyOutletAvailableWithOutput() {
            for (int j = 0; j < outs.size(); j++) {
                if (isAvailable(outs.get(j)) && driver.hasOutput(j)) {
                    return true;
                }
            }
            return false;
        }

        /** The processor (or the driver) threw {@code t}: report it as a failure of the stage that threw. */
        private void fail(Throwable failure) {
            if (finished) {
                return;
            }
            Throwable t = MemoryGuard.stageFailure(name, failure);
            String stage = driver == null ? description : driver.failingStage(description);
            failWith(new StageFailure(stage, false, t), t);
        }

        /** The stage actor cancelled this instance: stop without calling the processor again. */
        private void stopCancelled() {
            CancellationException cancelled = new CancellationException("instance of '" + name + "' was cancelled");
            failWith(new StageFailure(description, true, cancelled), cancelled);
        }

        private void failWith(StageFailure report, Throwable t) {
            if (finished) {
                return;
            }
            finished = true;
            closeDriver(t);
            done.completeExceptionally(report);
            failStage(t);
        }

        private void closeDriver(Throwable failure) {
            if (driver == null) {
                return;
            }
            try {
                driver.close();
            } catch (Throwable t) {
                if (failure != null) {
                    failure.addSuppressed(t);
                } else if (!done.isDone()) {
                    done.completeExceptionally(t);
                }
            }
        }

        @Override
        public void postStop() {
            if (!finished) {
                finished = true;
                control.enter();
                try {
                    closeDriver(null);
                } finally {
                    control.exit();
                }
                done.completeExceptionally(new StageFailure(description, true,
                        new CancellationException("instance of '" + name + "' was stopped")));
            }
        }
    }
}
