package io.sluice.engine.impl.execution;

/**
 * Implemented by processors made of several members (a fused chain: a head and steps, each from
 * one stage of the user's pipeline), so that a failure can be reported as the stage that threw
 * rather than as the vertex that ran it.
 */
public interface FailureAttribution {
    /**
     * The label of the member that threw the exception being handled (the stage's name as the
     * user set it, or the operation's), or {@code null} if unknown. Valid right after a call of the
     * processor threw.
     */
    String failingMemberLabel();
}
