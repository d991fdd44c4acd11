package io.sluice.engine.datamodel;

import java.io.Serializable;

/**
 * An item with an event timestamp, as replayable test sources and native-timestamp sources carry them.
 *
 * @param timestamp event time in milliseconds
 * @param item      the item
 * @param <T> item type
 */
public record TimestampedItem<T>(long timestamp, T item) implements Serializable {
}
