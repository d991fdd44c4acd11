/**
 * Small mutable accumulators for {@link io.sluice.engine.aggregate.AggregateOperation}s.
 *
 * <p>Each accumulator is owned by one aggregation at a time, so none is thread-safe. All are
 * {@link java.io.Serializable} because accumulators travel between stage instances and into
 * snapshots; they keep their state in plain fields so the accumulate path does not box. Parameters
 * and return values are non-null unless a method says otherwise.
 */
package io.sluice.engine.accumulator;
