package io.sluice.engine.impl.execution;

/**
 * Decides, from the barriers arriving on the inlets of one instance, when a snapshot is due.
 * <ul>
 *   <li>Aligned (exactly-once): barrier {@code n} on an inlet holds that inlet (the driver stops
 *       pulling it) until barrier {@code n} has arrived on every inlet that is still open; an inlet
 *       that completes counts as having delivered it, so its completion may finish the alignment.
 *       Then snapshot {@code n} is due and every inlet is released.</li>
 *   <li>Unaligned (at-least-once, at-most-once): the first barrier {@code n}, on any inlet, makes
 *       snapshot {@code n} due at once; later copies of {@code n} (or of older ids) are dropped.</li>
 * </ul>
 * Barrier ids only grow. Single-threaded, owned by a {@link ProcessorDriver}.
 */
final class BarrierAligner {
    static final long NONE = Long.MIN_VALUE;

    private final boolean[] held;
    private boolean aligned;
    /** The barrier being aligned, or {@link #NONE}. */
    private long aligning = NONE;
    /** Open inlets that have not delivered {@link #aligning} yet. */
    private int missing;
    /** The last barrier that made a snapshot due. */
    private long lastTriggered = NONE;

    BarrierAligner(int inletCount) {
        this.held = new boolean[inletCount];
    }

    void setAligned(boolean aligned) {
        this.aligned = aligned;
    }

    /** Whether inlet {@code inlet} delivered the barrier being aligned and must not be pulled. */
    boolean isHeld(int inlet) {
        return held[inlet];
    }

    /** Whether some inlets delivered a barrier whose alignment is not complete. */
    boolean isAligning() {
        return aligning != NONE;
    }

    /**
     * Barrier {@code id} arrived on {@code inlet}.
     *
     * @param inletDone  which inlets completed
     * @param openInlets how many inlets are open
     * @return the snapshot now due, or {@link #NONE}
     */
    long onBarrier(int inlet, long id, boolean[] inletDone, int openInlets) {
        if (!aligned) {
            if (id <= lastTriggered && lastTriggered != NONE) {
                return NONE; // a later copy of a barrier whose snapshot was taken
            }
            lastTriggered = id;
            return id;
        }
        if (lastTriggered != NONE && id <= lastTriggered) {
            throw new IllegalStateException("barrier " + id + " arrived on inlet " + inlet + " after snapshot "
                    + lastTriggered + " was aligned; barrier ids must grow on every input");
        }
        if (aligning == NONE) {
            aligning = id;
            missing = openInlets;
        } else if (id != aligning) {
            throw new IllegalStateException("barrier " + id + " arrived on inlet " + inlet + " while barrier " + aligning
                    + " is being aligned; every input must deliver every barrier, in order");
        }
        if (held[inlet] || inletDone[inlet]) {
            throw new IllegalStateException("barrier " + id + " arrived twice on inlet " + inlet);
        }
        held[inlet] = true;
        return --missing == 0 ? trigger() : NONE;
    }

    /** Inlet {@code inlet} completed; returns the snapshot now due (the completion finished an alignment), or {@link #NONE}. */
    long onInletDone(int inlet) {
        if (aligning == NONE || held[inlet]) {
            return NONE;
        }
        return --missing == 0 ? trigger() : NONE;
    }

    private long trigger() {
        long id = aligning;
        lastTriggered = id;
        aligning = NONE;
        java.util.Arrays.fill(held, false);
        return id;
    }
}
