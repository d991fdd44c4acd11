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
 * the processor's exception.
 */
final class ProcessorStage extends GraphStage<AmorphousShape> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessorStage.class);
    private static final String TICK = "tick";
    private static final String RETRY = "retry";
    /** Rounds of work in one callback before the stage yields its thread. */
    private static final int MAX_ROUNDS = 64;

    private final String name;
    private final Supplier<ProcessorDriver> driverFactory;
    private final List<Inlet<EdgeItem>> ins = new ArrayList<>();
    private final List<Outlet<EdgeItem>> outs = new ArrayList<>();
    private final AmorphousShape shape;
    private final CompletableFuture<Void> done;
    private final Duration batchWait;
    private final Duration idleRetry;

    ProcessorStage(String name, int inletCount, int outletCount, Supplier<ProcessorDriver> driverFactory,
                   CompletableFuture<Void> done, Duration batchWait, Duration idleRetry) {
        this.name = name;
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
        private org.apache.pekko.stream.stage.AsyncCallback<Boolean> resume;
        private boolean finished;

        Logic() {
            super(shape);
            for (int i = 0; i < ins.size(); i++) {
                int inlet = i;
                setHandler(ins.get(i), new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        try {
                            driver.onItem(inlet, grab(ins.get(inlet)), System.nanoTime());
                        } catch (Throwable t) {
                            fail(t);
                            return;
                        }
                        pump();
                    }

                    @Override
                    public void onUpstreamFinish() {
                        if (LOG.isDebugEnabled()) {
                            LOG.debug("{} inlet {} finished after {} ms", name, inlet, (System.nanoTime() - startNanos) / 1_000_000);
                        }
                        try {
                            driver.onInletComplete(inlet, System.nanoTime());
                        } catch (Throwable t) {
                            fail(t);
                            return;
                        }
                        pump();
                    }

                    @Override
                    public void onUpstreamFailure(Throwable ex) {
                        fail(ex);
                    }
                });
            }
            for (int i = 0; i < outs.size(); i++) {
                setHandler(outs.get(i), new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        pump();
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
                pump();
            });
            try {
                driver = driverFactory.get();
                driver.init();
            } catch (Throwable t) {
                fail(t);
                return;
            }
            scheduleWithFixedDelay(TICK, batchWait, batchWait);
            pump();
        }

        @Override
        public void onTimer(Object key) {
            try {
                if (TICK.equals(key)) {
                    driver.tick(System.nanoTime());
                } else {
                    retryScheduled = false;
                }
            } catch (Throwable t) {
                fail(t);
                return;
            }
            pump();
        }

        /**
         * Runs the processor and moves output while anything makes progress. A processor that
         * keeps working without producing pushable output (a source fused with its sink, a long
         * final emission into a fused sink) is continued in rounds: after {@link #MAX_ROUNDS}
         * rounds the stage yields its thread and resumes through an async callback, so other
         * stages and a cancellation get their turn.
         */
        private void pump() {
            if (finished) {
                return;
            }
            try {
                int rounds = 0;
                boolean worked = false;
                while (true) {
                    long emittedBefore = driver.emittedItems();
                    boolean wasDone = driver.isProcessorDone();
                    driver.runPending();
                    worked = driver.emittedItems() != emittedBefore || driver.isProcessorDone() != wasDone;
                    boolean pushed = pushOutputs();
                    if (!worked && !pushed) {
                        break;
                    }
                    if (driver.hasReachedLimit() && !anyOutletAvailableWithOutput()) {
                        break; // wait for downstream demand (onPull)
                    }
                    if (++rounds >= MAX_ROUNDS) {
                        if (!resumeScheduled) {
                            resumeScheduled = true;
                            resume.invoke(Boolean.TRUE);
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

        private void fail(Throwable failure) {
            if (finished) {
                return;
            }
            Throwable t = MemoryGuard.stageFailure(name, failure);
            finished = true;
            closeDriver(t);
            done.completeExceptionally(t);
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
                closeDriver(null);
                done.completeExceptionally(new java.util.concurrent.CancellationException("instance of '" + name + "' was stopped"));
            }
        }
    }
}
