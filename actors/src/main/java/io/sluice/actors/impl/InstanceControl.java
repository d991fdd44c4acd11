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
    private volatile boolean cancelled;
    private volatile ProcessorDriver driver;
    /** The thread running a callback of the stage, or {@code null}. Guarded by {@code this}. */
    private Thread runner;

    /** The stage created its driver. */
    void attach(ProcessorDriver driver) {
        this.driver = driver;
        if (cancelled) {
            driver.cancel();
        }
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
