package io.sluice.bench.nexmark;

import java.io.Serializable;

/**
 * A NEXMark auction, as in Jet's NEXMark port.
 *
 * @param id        auction id
 * @param timestamp event time (the auction's start) in milliseconds
 * @param sellerId  the seller (a {@link Person} id)
 * @param category  item category
 * @param expires   event time at which the auction closes
 */
public record Auction(long id, long timestamp, long sellerId, int category, long expires) implements Serializable {
}
