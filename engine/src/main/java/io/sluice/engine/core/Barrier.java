package io.sluice.engine.core;

import java.io.Serializable;

/**
 * An in-band snapshot barrier (Chandy-Lamport). When barrier {@code snapshotId} has arrived on
 * every input of a stage instance, the instance saves its state for that snapshot and forwards
 * the barrier.
 *
 * @param snapshotId the snapshot this barrier belongs to
 */
public record Barrier(long snapshotId) implements EdgeItem, Serializable {
}
