package io.sluice.engine.impl.pipeline;

import io.sluice.engine.impl.processor.EventTimePolicy;
import io.sluice.engine.impl.processor.Processors;

import java.util.List;

/**
 * Reads a stream source: the head of a new vertex with one instance per runner and the source's
 * batch settings; stateless stages after it fuse into it. The event-time policy is set by the
 * source stage ({@code withTimestamps} and friends) before any stage is attached to it.
 */
final class StreamSourceTransform extends AbstractTransform {
    private final StreamSourceImpl<?> source;
    private EventTimePolicy policy;

    StreamSourceTransform(StreamSourceImpl<?> source) {
        super(source.name(), List.of());
        this.source = source;
    }

    StreamSourceImpl<?> source() {
        return source;
    }

    EventTimePolicy policy() {
        return policy;
    }

    void setPolicy(EventTimePolicy policy) {
        if (this.policy != null) {
            throw new IllegalStateException("the event time of source stage '" + name() + "' was already chosen ("
                    + this.policy.kind().name().toLowerCase() + "); call withTimestamps/withNativeTimestamps/"
                    + "withIngestionTimestamps/withoutTimestamps once");
        }
        this.policy = policy;
        setTimestamped(policy.hasTimestamps());
    }

    @Override
    void addToDag(Planner planner) {
        if (policy == null) {
            throw new IllegalStateException("source stage '" + name() + "' has no event-time choice: call withTimestamps,"
                    + " withNativeTimestamps, withIngestionTimestamps or withoutTimestamps on it");
        }
        int parallelism = localParallelism() != -1 ? localParallelism() : source.maxRunners();
        Planner.PlannedVertex v = planner.addVertex(this, name(), parallelism,
                Processors.streamSourceP(name(), source.runnerFactory(), policy, source.runnerIdleMillis(),
                        planner.watermarkGranularity(this)), name());
        v.batchSize = source.batchSize();
        v.batchWaitMillis = source.batchWaitMillis();
    }
}
