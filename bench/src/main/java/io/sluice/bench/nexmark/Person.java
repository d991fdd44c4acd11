package io.sluice.bench.nexmark;

import java.io.Serializable;

/**
 * A NEXMark person (a new user of the auction site), as in Jet's NEXMark port.
 *
 * @param id        person id
 * @param timestamp event time in milliseconds
 * @param name      name
 * @param state     US state (two letters)
 */
public record Person(long id, long timestamp, String name, String state) implements Serializable {
}
