package io.sluice.engine.impl.execution;

/**
 * Implemented by processors that can do work without emitting anything to their outbox (a source
 * fused with its sink), so the runtime can tell a busy source from an idle one and does not back
 * off while it is busy.
 */
public interface ProgressReporting {
    /** A number that grows whenever the processor did some work (for example items moved inside a fused chain). */
    long progressCount();
}
