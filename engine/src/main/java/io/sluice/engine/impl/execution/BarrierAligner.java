package io.sluice.engine.impl.execution;

import io.sluice.engine.job.ProcessingGuarantee;

import java.util.Arrays;

/**
 * Decides, from the barriers arriving on the inlets of one instance, when a snapshot is due.
 * Barrier ids only grow. Single-threaded, owned by a {@link ProcessorDriver}.
 * <ul>
 *   <li>{@code EXACTLY_ONCE}, aligned: barrier {@code n} on an inlet holds that inlet (the driver
 *       stops pulling it) until barrier {@code n} has arrived on every inlet that is still open; an
 *       inlet that completes counts as having delivered it, so its completion may finish the
 *       alignment. Then snapshot {@code n} is due and every inlet is released. The state holds
 *       exactly the input before the barriers.</li>
 *   <li>{@code AT_LEAST_ONCE}, not aligned: snapshot {@code n} is due when barrier {@code n} has
 *       arrived on every open inlet (completions count), as with alignment, but no inlet waits: an
 *       inlet that delivered the barrier goes on, so the state may hold input from after the
 *       barrier, which a restored source replays (repeats, never losses), as in Jet and Flink.</li>
 *   <li>{@code AT_MOST_ONCE}, not aligned: the first barrier {@code n}, on any inlet, makes snapshot
 *       {@code n} due at once, and later copies of {@code n} (or older ids) are dropped. Input still
 *       in flight on the other inlets is in neither the state nor the sources' replay: a restore
 *       may lose it, never repeats it.</li>
 * </ul>
 */
final class BarrierAligner {
    static final long NONE = Long.MIN_VALUE;

    private final boolean[] arrived;
    private ProcessingGuarantee guarantee = ProcessingGuarantee.NONE;
    /** The barrier whose copies are being collected, or {@link #NONE}. */
    private long aligning = NONE;
    /** Open inlets that have not delivered {@link #aligning} yet. */
    private int missing;
    /** The last barrier that made a snapshot due. */
    private long lastTriggered = NONE;

    BarrierAligner(int inletCount) {
        this.arrived = new boolean[inletCount];
    }

    void setGuarantee(ProcessingGuarantee guarantee) {
        this.guarantee = guarantee;
    }

    /** Whether inlet {@code inlet} delivered the barrier being aligned and must not be pulled (exactly-once only). */
    boolean isHeld(int inlet) {
        return arrived[inlet] && guarantee == ProcessingGuarantee.EXACTLY_ONCE;
    }

    /** Whether some inlets delivered a barrier whose snapshot is not due yet. */
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
        if (guarantee == ProcessingGuarantee.AT_MOST_ONCE) {
            if (lastTriggered != NONE && id <= lastTriggered) {
                return NONE; // a later copy of a barrier whose snapshot was taken
            }
            lastTriggered = id;
            return id;
        }
        if (lastTriggered != NONE && id <= lastTriggered) {
            throw new IllegalStateException("barrier " + id + " arrived on inlet " + inlet + " after snapshot "
                    + lastTriggered + " was taken; barrier ids must grow on every input");
        }
        if (aligning == NONE) {
            aligning = id;
            missing = openInlets;
        } else if (id != aligning) {
            throw new IllegalStateException("barrier " + id + " arrived on inlet " + inlet + " while barrier " + aligning
                    + " has not arrived on every input yet; start a snapshot only after the previous one completed");
        }
        if (arrived[inlet] || inletDone[inlet]) {
            throw new IllegalStateException("barrier " + id + " arrived twice on inlet " + inlet);
        }
        arrived[inlet] = true;
        return --missing == 0 ? trigger() : NONE;
    }

    /** Inlet {@code inlet} completed; returns the snapshot now due (the completion finished an alignment), or {@link #NONE}. */
    long onInletDone(int inlet) {
        if (aligning == NONE || arrived[inlet]) {
            return NONE;
        }
        return --missing == 0 ? trigger() : NONE;
    }

    private long trigger() {
        long id = aligning;
        lastTriggered = id;
        aligning = NONE;
        Arrays.fill(arrived, false);
        return id;
    }
}
