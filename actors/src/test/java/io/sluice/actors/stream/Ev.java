package io.sluice.actors.stream;

import java.io.Serializable;

/** A test event: a key and a value (its event time travels beside it, in the TimestampedItem). */
record Ev(int key, long value) implements Serializable {
}
