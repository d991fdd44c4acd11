package io.sluice.engine.impl.processor;

import io.sluice.engine.function.ToLongFunctionEx;

import java.io.Serializable;

/**
 * Where a stream source stage takes event time from: nowhere, a timestamp function, the source's
 * native timestamps or the ingestion (wall-clock) time; plus the allowed lag of the watermark.
 *
 * @param kind        the kind of event time
 * @param timestampFn the timestamp function for {@link Kind#FUNCTION}, else {@code null}
 * @param allowedLag  how far the watermark trails the highest timestamp; 0 for ingestion time
 */
public record EventTimePolicy(Kind kind, ToLongFunctionEx<Object> timestampFn, long allowedLag) implements Serializable {

    /** The kinds of event time. */
    public enum Kind { NONE, FUNCTION, NATIVE, INGESTION }

    /** No event time: items are emitted as they are, without watermarks. */
    public static EventTimePolicy none() {
        return new EventTimePolicy(Kind.NONE, null, 0);
    }

    /** Whether items are wrapped as {@code TimestampedItem} and watermarks emitted. */
    public boolean hasTimestamps() {
        return kind != Kind.NONE;
    }
}
