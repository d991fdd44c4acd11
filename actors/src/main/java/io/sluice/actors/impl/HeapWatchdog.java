package io.sluice.actors.impl;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.sluice.engine.job.JobOutOfMemoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fails the job that holds the most state when the heap is nearly full after a garbage
 * collection, before the JVM thrashes in back-to-back full GCs and an {@link OutOfMemoryError}
 * hits whichever thread allocates next (in Pekko's own threads that stops the whole node).
 *
 * <p>Design note.
 * <ul>
 * <li><b>Signal.</b> After every GC the JVM notifies listeners of each {@link GarbageCollectorMXBean}
 * with the usage of every pool after that GC ({@link GarbageCollectionNotificationInfo}). The
 * heap's fullness is the larger of the used heap over {@code Runtime.maxMemory()} and the old
 * generation's use over its own maximum (the heap pools that support usage thresholds: "G1 Old
 * Gen", "PS Old Gen", "Tenured Gen"), compared with the node's
 * {@code sluice.memory.heap-failure-threshold}. The second matters for collectors with a
 * fixed-size old generation: with {@code -XX:+UseParallelGC} the 20M-key job filled the old
 * generation (99%) while the heap as a whole looked 78% full after each of its back-to-back full
 * GCs, because they empty the young generation, and the job thrashed for minutes. A heap that is
 * within {@link Judge#EARLY_MARGIN} of the threshold and grew so much at the last GC that two more
 * such steps would pass 100% counts as over it ({@link Judge#exhaustsSoon}).</li>
 * <li><b>Why not {@code MemoryPoolMXBean.setCollectionUsageThreshold}</b> on the old pool, as the
 * guards of Flink, Jet and Elasticsearch use it: on Java 17 G1 updates the old pool's collection
 * usage only after mixed and full collections, and a heap that fills with live state has no
 * garbage for mixed collections, so the first notification came with the first full GC, after
 * 25 s of ever longer young pauses (20M-key job, {@code -Xmx1g}, busy machine: 32 s from start,
 * while the per-GC notification saw 90% at 28.6 s). The per-GC notification covers minor and
 * major collections of every collector and needs no JVM-wide threshold that nodes would share.</li>
 * <li><b>Victim.</b> Each node's {@link MemoryGuard} lists the running instances that hold state
 * and reads their counts of accumulated records (a field read each); the job with the largest
 * total over all watched nodes is failed with a {@link JobOutOfMemoryException} that says how full
 * the heap is, what the job holds and what to change. Every stateful instance of the job is
 * aborted directly ({@code ProcessorDriver.abort}, seen at its next item), because a busy
 * instance handles a stop request through its actor's mailbox only after a long run of work (a
 * source fused with an aggregation went on for seconds, adding millions of keys); the coordinator
 * is told as well, for instances that are idle. The failed instances stop and unregister; their
 * state is then garbage.</li>
 * <li><b>Recovery.</b> After failing a job, the watchdog waits: while an instance of a failed job is
 * still registered, its state is still in use; after that, a minor GC still counts the dead state
 * that sits in the old generation, so only a GC that collects the old generation (a major, full or
 * concurrent cycle) or a GC that finds the heap below the threshold again is judged. A job is
 * therefore not failed for memory another job is about to release.</li>
 * <li><b>Scope.</b> The heap is the JVM's, so one listener per JVM serves all nodes in it
 * ({@link #watch} and {@link Registration#close}, reference counted): the listeners are removed
 * when the last node stops, and a GC fails at most one job over all nodes.</li>
 * </ul>
 * Runs on the JVM's notification thread; never blocks (it only tells the coordinator).
 */
final class HeapWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(HeapWatchdog.class);

    private static final Object LOCK = new Object();
    /** The watched nodes; the listener is installed while there are any. Guarded by LOCK. */
    private static final List<Node> NODES = new ArrayList<>();
    /** Where the listener is installed. Guarded by LOCK. */
    private static final List<NotificationEmitter> EMITTERS = new ArrayList<>();
    /** Decides per GC; its state spans GCs. Guarded by LOCK. */
    private static Judge judge;
    private static final NotificationListener LISTENER = HeapWatchdog::onNotification;
    private static final NotificationFilter GC_ONLY =
            n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType());

    private HeapWatchdog() {
    }

    /**
     * A watched node.
     *
     * @param guard     the node's book of state
     * @param nodeName  for the log
     * @param threshold the fraction of the maximum heap, used after a GC, at which a job of this node may be failed
     */
    record Node(MemoryGuard guard, String nodeName, double threshold) {
    }

    /** A node's watch; {@link #close()} ends it. */
    static final class Registration implements AutoCloseable {
        private final Node node;

        private Registration(Node node) {
            this.node = node;
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (NODES.remove(node) && NODES.isEmpty()) {
                    uninstall();
                }
            }
        }
    }

    /** Starts watching the heap on behalf of {@code guard}'s node. */
    static Registration watch(MemoryGuard guard, String nodeName, double threshold) {
        Node node = new Node(Objects.requireNonNull(guard, "guard"), nodeName, threshold);
        synchronized (LOCK) {
            if (NODES.isEmpty()) {
                install();
            }
            NODES.add(node);
        }
        return new Registration(node);
    }

    /** Whether the GC listener is installed (for tests: no listener may outlive the last node). */
    static boolean isListening() {
        synchronized (LOCK) {
            return !EMITTERS.isEmpty();
        }
    }

    /** The number of nodes watched in this JVM. */
    static int watchedNodes() {
        synchronized (LOCK) {
            return NODES.size();
        }
    }

    private static void install() {
        judge = new Judge();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(LISTENER, GC_ONLY, null);
                EMITTERS.add(emitter);
            }
        }
        if (EMITTERS.isEmpty()) {
            LOG.warn("this JVM's garbage collectors send no notifications: the heap watchdog cannot run; use"
                    + " JobConfig.setMaxProcessorAccumulatedRecords to bound the state of jobs");
        }
    }

    private static void uninstall() {
        for (NotificationEmitter emitter : EMITTERS) {
            try {
                emitter.removeNotificationListener(LISTENER, GC_ONLY, null);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
        EMITTERS.clear();
        judge = null;
    }

    private static void onNotification(Notification notification, Object handback) {
        try {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) notification.getUserData());
            double fraction = fullness(info.getGcInfo().getMemoryUsageAfterGc(), Runtime.getRuntime().maxMemory());
            boolean collectedOldGeneration = !info.getGcAction().contains("minor");
            synchronized (LOCK) {
                if (judge != null) {
                    judge.onGc(fraction, collectedOldGeneration, List.copyOf(NODES));
                }
            }
        } catch (Throwable t) {
            // never let the JVM's notification thread see our failure
            LOG.error("the heap watchdog failed to handle a GC notification", t);
        }
    }

    /**
     * How full the heap is after a GC, as a fraction: the larger of the heap pools' use over
     * {@code maxHeap} and an old-generation pool's use over its own maximum.
     *
     * @param usageAfterGc the usage of each memory pool after the GC, by pool name
     */
    static double fullness(Map<String, MemoryUsage> usageAfterGc, long maxHeap) {
        long used = 0;
        double old = 0;
        for (Map.Entry<String, MemoryUsage> e : usageAfterGc.entrySet()) {
            if (!HeapPools.ALL.contains(e.getKey())) {
                continue;
            }
            MemoryUsage u = e.getValue();
            used += u.getUsed();
            if (HeapPools.OLD.contains(e.getKey()) && u.getMax() > 0) {
                old = Math.max(old, (double) u.getUsed() / u.getMax());
            }
        }
        return Math.max((double) used / maxHeap, old);
    }

    /** The names of the heap's memory pools, and of those that are an old generation, read once. */
    static final class HeapPools {
        static final Set<String> ALL = new HashSet<>();
        /** Eden and survivor spaces do not support usage thresholds; the old generation does (a JDK idiom). */
        static final Set<String> OLD = new HashSet<>();

        static {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    ALL.add(pool.getName());
                    if (pool.isUsageThresholdSupported()) {
                        OLD.add(pool.getName());
                    }
                }
            }
        }

        private HeapPools() {
        }
    }

    /**
     * Decides, GC by GC, whether to fail a job (see the design note). Not thread-safe: the watchdog
     * calls it under its lock; tests call it directly with their own nodes.
     */
    static final class Judge {
        /** How far below the threshold a fast-growing heap may be failed ({@link #exhaustsSoon}). */
        static final double EARLY_MARGIN = 0.1;
        /** Jobs failed by the watchdog, while an instance of theirs is still registered. */
        private final Set<FailedJob> stopping = new HashSet<>();
        /** A job was failed and no GC has shown the heap below the threshold since. */
        private boolean awaitingRecovery;
        /** Warned that the heap is full but no job holds state, since the heap was last below the threshold. */
        private boolean warned;
        /** The fullness after the previous GC, or NaN before the first. */
        private double previous = Double.NaN;

        /**
         * Whether the heap, close to the threshold and growing fast, would be exhausted within two
         * more GCs at the pace of the last one. Live state that grows fast fills the heap in steps
         * as large as the young generation: on a busy machine G1 went from below 90% to 99% in one
         * GC, and the job's next allocations failed in Pekko's own threads before it was stopped.
         */
        static boolean exhaustsSoon(double fraction, double growth, double threshold) {
            return growth > 0 && fraction >= threshold - EARLY_MARGIN && fraction + 2 * growth >= 1.0;
        }

        private record FailedJob(MemoryGuard guard, String jobId) {
        }

        /**
         * Judges one GC.
         *
         * @param fraction               how full the heap is after the GC ({@link #fullness})
         * @param collectedOldGeneration whether the GC collected the old generation (not a minor GC)
         * @param nodes                  the watched nodes
         * @return the failure sent to a job's coordinator, or {@code null} if no job was failed
         */
        JobOutOfMemoryException onGc(double fraction, boolean collectedOldGeneration, List<Node> nodes) {
            double growth = Double.isNaN(previous) ? 0 : fraction - previous;
            previous = fraction;
            List<Node> over = new ArrayList<>();
            for (Node node : nodes) {
                if (fraction >= node.threshold() || exhaustsSoon(fraction, growth, node.threshold())) {
                    over.add(node);
                }
            }
            stopping.removeIf(f -> !f.guard().holdsStateOf(f.jobId()));
            if (over.isEmpty()) {
                awaitingRecovery = false;
                warned = false;
                return null;
            }
            if (!stopping.isEmpty() || (awaitingRecovery && !collectedOldGeneration)) {
                return null; // state of a failed job is still in use, or may still be in the old generation
            }
            JobTally victim = largestJob(over);
            if (victim == null) {
                if (!warned) {
                    warned = true;
                    LOG.warn("the heap is {}% full after GC, but no job on this JVM's nodes holds accumulated state; the"
                            + " memory is held elsewhere", percent(fraction));
                }
                return null;
            }
            JobOutOfMemoryException failure = new JobOutOfMemoryException(victim.message(fraction, growth));
            LOG.error("heap watchdog of node '{}': failing job '{}' ({}): {}", victim.node.nodeName(),
                    victim.largest.jobName(), victim.largest.id().jobId(), failure.getMessage());
            stopping.add(new FailedJob(victim.node.guard(), victim.largest.id().jobId()));
            awaitingRecovery = true;
            for (MemoryGuard.Holder h : victim.instances) {
                h.abort().accept(failure);
            }
            victim.largest.coordinator().tell(new JobCoordinator.Fail(failure));
            return failure;
        }

        private JobTally largestJob(List<Node> nodes) {
            JobTally largest = null;
            for (Node node : nodes) {
                Map<String, JobTally> jobs = new HashMap<>();
                for (MemoryGuard.Holder h : node.guard().holders()) {
                    long records = h.state().accumulatedRecords();
                    jobs.computeIfAbsent(h.id().jobId(), id -> new JobTally(node)).add(h, records);
                }
                for (JobTally t : jobs.values()) {
                    if (t.total > 0 && (largest == null || t.total > largest.total)) {
                        largest = t;
                    }
                }
            }
            return largest;
        }
    }

    /** What one job holds: in total, per vertex, and its largest instance. */
    private static final class JobTally {
        final Node node;
        final Map<String, Long> perVertex = new HashMap<>();
        final List<MemoryGuard.Holder> instances = new ArrayList<>();
        long total;
        MemoryGuard.Holder largest;
        long largestRecords = -1;

        JobTally(Node node) {
            this.node = node;
        }

        void add(MemoryGuard.Holder h, long records) {
            instances.add(h);
            total += records;
            perVertex.merge(h.id().vertexName(), records, Long::sum);
            if (records > largestRecords) {
                largest = h;
                largestRecords = records;
            }
        }

        String message(double fraction, double growth) {
            Map.Entry<String, Long> top = null;
            for (Map.Entry<String, Long> e : perVertex.entrySet()) {
                if (top == null || e.getValue() > top.getValue()) {
                    top = e;
                }
            }
            String pace = fraction < node.threshold()
                    ? String.format(Locale.ROOT, " and grew by %d%% of it at the last GC, so it would be full within two more",
                            Math.max(1, Math.round(growth * 100)))
                    : "";
            return String.format(Locale.ROOT, "the node's heap is %d%% full after GC (limit %d%%, %s)%s; job '%s' holds the"
                            + " most state (%,d accumulated records, %,d of them in vertex '%s'), so it was failed to keep the"
                            + " node running; give the JVM more heap (-Xmx), make the job hold less (fewer distinct keys,"
                            + " shorter windows, a state TTL, more nodes), or set JobConfig.setMaxProcessorAccumulatedRecords"
                            + " to fail it early with a clear limit",
                    percent(fraction), Math.round(node.threshold() * 100), MemoryGuard.THRESHOLD_KEY, pace, largest.jobName(),
                    total, top.getValue(), top.getKey());
        }
    }

    private static long percent(double fraction) {
        return (long) Math.floor(fraction * 100);
    }
}
