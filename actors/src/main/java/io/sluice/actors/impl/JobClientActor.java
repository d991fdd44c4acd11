package io.sluice.actors.impl;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Receives a job's status updates on the client side and applies them to its {@link JobImpl}. */
final class JobClientActor {
    private JobClientActor() {
    }

    static Behavior<JobUpdate> create(JobImpl job) {
        return Behaviors.receiveMessage(update -> {
            job.update(update);
            return update.status().isTerminal() ? Behaviors.stopped() : Behaviors.same();
        });
    }
}
