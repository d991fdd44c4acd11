package io.sluice.engine.pipeline.test;

import java.io.Serializable;

/**
 * Makes the item of an {@link TestSources#itemStream item stream} from its scheduled emission
 * time and its sequence number.
 *
 * <pre>{@code
 * TestSources.itemStream(1000, (timestamp, seq) -> new Trade(seq % 10, timestamp))
 * }</pre>
 *
 * @param <T> item type
 */
@FunctionalInterface
public interface GeneratorFunction<T> extends Serializable {
    /**
     * @param timestampMillis the item's scheduled emission time (its native timestamp)
     * @param sequence        the item's number in the whole stream, from 0
     * @return the item, not {@code null}
     */
    T generate(long timestampMillis, long sequence) throws Exception;
}
