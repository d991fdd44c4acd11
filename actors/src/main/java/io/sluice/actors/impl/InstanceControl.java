package io.sluice.actors.impl;

import io.sluice.engine.impl.execution.ProcessorDriver;

/**
 * Stops a running stage instance from another thread (its actor's): sets a flag the stage checks
 * between rounds, asks the driver to stop its processor at the next item, and interrupts the
 * stage's thread if it is inside a callback (user code blocked in a sleep, a lock or I/O).
 *
 * <p>Threading: {@link #enter()} and {@link #exit()} are called by the stage's thread around each
 * callback; {@link #cancel()} by any thread. The interrupt happens under the same lock as
 * {@code exit()}, so it can only hit the stage's own callback, never the next task of a pooled
 * thread, and {@code exit()} clears an interrupt it caused.
 */
final class InstanceControl {
    /**
     * A snapshot signal from the execution coordinator for the stage: request snapshot {@code id}
     * (sources), or snapshot {@code id} committed / failed (every instance).
     */
    record SnapshotSignal(long id, Kind kind) {
        enum Kind { REQUEST, COMMITTED, FAILED, DESCRIBE }
    }

    private volatile boolean cancelled;
    /** Delivers signals to the stage's thread once the stage started; {@code null} before. Guarded by {@code this}. */
    private java.util.function.Consumer<SnapshotSignal> signals;
    /** Signals that arrived before the stage started. Guarded by {@code this}. */
    private final java.util.List<SnapshotSignal> early = new java.util.ArrayList<>();
    private volatile ProcessorDriver driver;
    /** Signals passed to the stage and not yet handled by it (see {@link #hasPendingSignals()}). */
    private final java.util.concurrent.atomic.AtomicInteger pendingSignals = new java.util.concurrent.atomic.AtomicInteger();
    /** The thread running a callback of the stage, or {@code null}. Guarded by {@code this}. */
    private Thread runner;

    /** The stage created its driver. */
    void attach(ProcessorDriver driver) {
        this.driver = driver;
        if (cancelled) {
            driver.cancel();
        }
    }

    /** The stage started: from now on signals go to {@code target} (an async callback of the stage). */
    void attachSignals(java.util.function.Consumer<SnapshotSignal> target) {
        java.util.List<SnapshotSignal> queued;
        synchronized (this) {
            signals = target;
            queued = new java.util.ArrayList<>(early);
            early.clear();
        }
        queued.forEach(target);
    }

    /** Passes a snapshot signal to the stage (thread-safe; kept until the stage started). */
    void signal(SnapshotSignal signal) {
        pendingSignals.incrementAndGet();
        java.util.function.Consumer<SnapshotSignal> target;
        synchronized (this) {
            target = signals;
            if (target == null) {
                early.add(signal);
                return;
            }
        }
        target.accept(signal);
    }

    /** Stops the stage at the next item; thread-safe, idempotent. */
    void cancel() {
        cancelled = true;
        ProcessorDriver d = driver;
        if (d != null) {
            d.cancel();
        }
        synchronized (this) {
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    /** The stage's thread took a signal from its mailbox. */
    void signalDelivered() {
        pendingSignals.decrementAndGet();
    }

    /**
     * Whether a signal waits for the stage: then the stage yields through its mailbox rather than
     * resuming at once (an async callback invoked on the stage's own thread skips the mailbox).
     */
    boolean hasPendingSignals() {
        return pendingSignals.get() > 0;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** The stage's thread starts a callback. */
    synchronized void enter() {
        runner = Thread.currentThread();
    }

    /** The stage's thread ends a callback. */
    synchronized void exit() {
        runner = null;
        if (cancelled) {
            Thread.interrupted(); // clear our own interrupt before the thread goes back to its pool
        }
    }
}
