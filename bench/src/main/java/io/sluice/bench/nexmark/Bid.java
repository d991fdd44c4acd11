package io.sluice.bench.nexmark;

import java.io.Serializable;

/**
 * A NEXMark bid, as in Jet's NEXMark port.
 *
 * @param id        bid id (the generator's sequence number)
 * @param timestamp event time in milliseconds
 * @param auctionId the auction bid on
 * @param price     the price offered
 */
public record Bid(long id, long timestamp, long auctionId, long price) implements Serializable {
}
