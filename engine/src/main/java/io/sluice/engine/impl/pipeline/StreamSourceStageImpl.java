package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.ToLongFunctionEx;
import io.sluice.engine.impl.processor.EventTimePolicy;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.StreamSourceStage;
import io.sluice.engine.pipeline.StreamStage;

/** The stage right after a stream source: sets the source transform's event-time policy. */
final class StreamSourceStageImpl<T> implements StreamSourceStage<T> {
    private final PipelineImpl pipeline;
    private final StreamSourceTransform transform;

    StreamSourceStageImpl(PipelineImpl pipeline, StreamSourceTransform transform) {
        this.pipeline = pipeline;
        this.transform = transform;
    }

    @Override
    @SuppressWarnings("unchecked")
    public StreamStage<T> withTimestamps(ToLongFunctionEx<? super T> timestampFn, long allowedLag) {
        Util.checkSerializable(timestampFn, "timestampFn");
        checkAllowedLag(allowedLag);
        return choose(new EventTimePolicy(EventTimePolicy.Kind.FUNCTION, (ToLongFunctionEx<Object>) timestampFn, allowedLag));
    }

    @Override
    public StreamStage<T> withNativeTimestamps(long allowedLag) {
        checkAllowedLag(allowedLag);
        if (!transform.source().supportsNativeTimestamps()) {
            throw new IllegalArgumentException("source '" + transform.source().name() + "' has no native timestamps:"
                    + " use withTimestamps(timestampFn, allowedLag) or withIngestionTimestamps(), or build the source with"
                    + " SourceBuilder.timestampedStream");
        }
        return choose(new EventTimePolicy(EventTimePolicy.Kind.NATIVE, null, allowedLag));
    }

    @Override
    public StreamStage<T> withIngestionTimestamps() {
        return choose(new EventTimePolicy(EventTimePolicy.Kind.INGESTION, null, 0));
    }

    @Override
    public StreamStage<T> withoutTimestamps() {
        return choose(EventTimePolicy.none());
    }

    private StreamStage<T> choose(EventTimePolicy policy) {
        transform.setPolicy(policy);
        return new StreamStageImpl<>(pipeline, transform);
    }

    static void checkAllowedLag(long allowedLag) {
        if (allowedLag < 0) {
            throw new IllegalArgumentException("allowedLag must not be negative (it is how far behind the highest"
                    + " timestamp an item may be and still count), but was " + allowedLag);
        }
    }

    @Override
    public String toString() {
        return "StreamSourceStage('" + transform.name() + "')";
    }
}
