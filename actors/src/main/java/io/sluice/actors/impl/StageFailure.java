package io.sluice.actors.impl;

/**
 * How a stage instance's stream reports its failure to its actor: the cause, the stage of the
 * user's pipeline that threw (the failing member of a fused chain, else the vertex's
 * description), and whether the failure only arrived from upstream (the instance that really
 * failed reports it too, and the coordinator prefers that report).
 */
final class StageFailure extends RuntimeException {
    private final String stage;
    private final boolean propagated;

    StageFailure(String stage, boolean propagated, Throwable cause) {
        super(cause.toString(), cause, false, false);
        this.stage = stage;
        this.propagated = propagated;
    }

    String stage() {
        return stage;
    }

    boolean propagated() {
        return propagated;
    }
}
