package io.sluice.engine.core;

/**
 * What travels on an edge between stage instances: a {@link Batch} of items, or an in-band
 * control item ({@link Watermark}, {@link Barrier}). Control items keep their position relative
 * to the data around them, which is what makes event time and aligned snapshots work.
 */
public sealed interface EdgeItem permits Batch, Watermark, Barrier {
}
