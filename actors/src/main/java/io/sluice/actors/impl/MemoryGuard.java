package io.sluice.actors.impl;

import com.typesafe.config.Config;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.job.JobOutOfMemoryException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A node's book of the state its stage instances hold, for the {@link HeapWatchdog}: every
 * instance whose processor accumulates records ({@link StateReporting}) is registered while its
 * stream runs ({@link StageActor}) and dropped when the instance stops, so the book never keeps
 * a failed job's state alive. One per actor system (a Pekko extension): nodes in one JVM keep
 * their own books, and the watchdog, which watches the JVM's heap, reads all of them.
 *
 * <p>Threading: instances register from their stream's thread and unregister from their actor;
 * the watchdog reads from the JVM's GC notification thread.
 */
final class MemoryGuard implements Extension {
    /** The config key of the watchdog's threshold. */
    static final String THRESHOLD_KEY = "sluice.memory.heap-failure-threshold";
    /** The config key that turns the watchdog on or off. */
    static final String WATCHDOG_KEY = "sluice.memory.heap-watchdog";

    private static final ExtensionId<MemoryGuard> ID = new ExtensionId<>() {
        @Override
        public MemoryGuard createExtension(ActorSystem<?> system) {
            return new MemoryGuard(system);
        }
    };

    /**
     * A running stage instance that holds state.
     *
     * @param id          the instance
     * @param jobName     its job's name, for messages
     * @param state       reads the number of records it holds (from another thread)
     * @param abort       fails the instance at its next step, from any thread ({@code ProcessorDriver.abort})
     * @param coordinator its job's coordinator, which the watchdog asks to fail the job
     */
    record Holder(InstanceId id, String jobName, StateReporting state, Consumer<Exception> abort,
                  ActorRef<JobCoordinator.Command> coordinator) {
    }

    private final ActorSystem<?> system;
    private final ConcurrentHashMap<InstanceId, Holder> holders = new ConcurrentHashMap<>();
    private HeapWatchdog.Registration watchdog; // guarded by this

    private MemoryGuard(ActorSystem<?> system) {
        this.system = system;
    }

    /** The node's guard. */
    static MemoryGuard get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    void register(Holder holder) {
        holders.put(holder.id(), holder);
    }

    void unregister(InstanceId id) {
        holders.remove(id);
    }

    /** The instances that hold state now. */
    Collection<Holder> holders() {
        return holders.values();
    }

    /** Whether an instance of job {@code jobId} is still registered (its state is still in use). */
    boolean holdsStateOf(String jobId) {
        for (InstanceId id : holders.keySet()) {
            if (id.jobId().equals(jobId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts watching the heap for this node with the settings under {@code sluice.memory}, unless
     * {@code sluice.memory.heap-watchdog = off}. The watch ends with {@link #stopWatchdog()} or when
     * the actor system shuts down, whichever comes first.
     *
     * @throws IllegalArgumentException if the threshold is not a fraction in (0, 1]
     */
    synchronized void startWatchdog(String nodeName) {
        Config config = system.settings().config();
        if (watchdog != null || !config.getBoolean(WATCHDOG_KEY)) {
            return;
        }
        watchdog = HeapWatchdog.watch(this, nodeName, threshold(config));
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "sluice-heap-watchdog-stop",
                () -> {
                    stopWatchdog();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
        system.getWhenTerminated().thenRun(this::stopWatchdog);
    }

    /** Stops watching the heap for this node; safe to call more than once. */
    synchronized void stopWatchdog() {
        if (watchdog != null) {
            watchdog.close();
            watchdog = null;
        }
    }

    /**
     * What a stage fails with: an {@link OutOfMemoryError} its processor (or driver) threw becomes a
     * {@link JobOutOfMemoryException} that names the instance and what to change, an ordinary
     * exception to Pekko (which treats the error itself as fatal and would stop the node on it);
     * anything else is returned unchanged.
     *
     * @param instance the instance's name ({@code vertex#index})
     */
    static Throwable stageFailure(String instance, Throwable failure) {
        if (!(failure instanceof OutOfMemoryError)) {
            return failure;
        }
        try {
            return new JobOutOfMemoryException("stage instance '" + instance + "' ran out of heap memory (" + failure
                    + "), so its job was failed to keep the node running (other jobs of the node may hold the memory);"
                    + " give the JVM more heap (-Xmx), or set JobConfig.setMaxProcessorAccumulatedRecords to fail a job"
                    + " that holds too much early with a clear limit", failure);
        } catch (OutOfMemoryError again) {
            return failure;
        }
    }

    /** {@code sluice.memory.heap-failure-threshold}, checked. */
    static double threshold(Config config) {
        double threshold = config.getDouble(THRESHOLD_KEY);
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException(THRESHOLD_KEY + " must be a fraction of the maximum heap, above 0 and at"
                    + " most 1 (for example 0.9), but was " + threshold + "; to turn the heap watchdog off set "
                    + WATCHDOG_KEY + " = off");
        }
        return threshold;
    }
}
