/**
 * The streaming processors: watermark insertion, sliding/tumbling windows (two-stage and single
 * stage), session windows, keyed state with TTL and rolling aggregation. Pure Java, driven by the
 * runtime through the {@link io.sluice.engine.core.Processor} contract.
 *
 * <p>Conventions the planner relies on:
 * <ul>
 * <li>In a stage with event time every item is a {@link io.sluice.engine.datamodel.TimestampedItem};
 * window results travel as {@code TimestampedItem(end - 1, result)}, so with the watermark forwarded
 * unchanged they are never late for a following window stage.</li>
 * <li>An item is late when its timestamp is below the last watermark the processor received.</li>
 * <li>Each processor has a public {@code processItem} (the per-item body) so that it can be fused
 * behind stateless steps.</li>
 * <li>Snapshot keys partition like the grouping key (the key itself, or a record whose hash code
 * is the grouping key's), so state can be restored at another parallelism.</li>
 * </ul>
 * Parameters and return values are non-null unless documented otherwise.
 */
package io.sluice.engine.impl.stream;
