package io.sluice.actors.impl;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's list of live jobs (id -> name), event sourced, so that a node started on the same
 * journal knows which {@link JobEntity}s to start. A job is registered before its entity records
 * its submission, and unregistered once it ended. Chosen over pekko-persistence-query's
 * {@code currentPersistenceIds}: it works with any journal plugin (the cluster's JDBC journal too),
 * lists only live jobs (a node does not replay every job it ever ran), and needs no read journal.
 */
final class JobRegistry extends EventSourcedBehavior<JobRegistry.Command, JobRegistry.Event, JobRegistry.State> {

    interface Command {
    }

    record Register(String jobId, String name, ActorRef<Registered> replyTo) implements Command {
    }

    record Registered(String jobId) {
    }

    record Unregister(String jobId) implements Command {
    }

    /** Sent to the node once the registry has been read: the live jobs, in submission order. */
    record Recovered(Map<String, String> liveJobs) {
    }

    sealed interface Event extends JournalSerializer.JournalEvent {
    }

    record JobRegistered(String jobId, String name) implements Event {
    }

    record JobUnregistered(String jobId) implements Event {
    }

    /** Live jobs; owned by this actor (updated in place by the event handler). */
    static final class State {
        final Map<String, String> live = new LinkedHashMap<>();
    }

    static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("sluice-jobs");

    private final ActorRef<Recovered> node;

    private JobRegistry(ActorRef<Recovered> node) {
        super(PERSISTENCE_ID);
        this.node = node;
    }

    static Behavior<Command> create(ActorRef<Recovered> node) {
        return Behaviors.setup(ctx -> new JobRegistry(node));
    }

    @Override
    public State emptyState() {
        return new State();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Register.class, (s, r) -> Effect().persist(new JobRegistered(r.jobId(), r.name()))
                        .thenReply(r.replyTo(), st -> new Registered(r.jobId())))
                .onCommand(Unregister.class, (s, u) -> s.live.containsKey(u.jobId())
                        ? Effect().persist(new JobUnregistered(u.jobId())) : Effect().none())
                .build();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((s, event) -> {
            if (event instanceof JobRegistered e) {
                s.live.put(e.jobId(), e.name());
            } else if (event instanceof JobUnregistered e) {
                s.live.remove(e.jobId());
            }
            return s;
        });
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), s -> node.tell(new Recovered(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(s.live)))))
                .build();
    }
}
