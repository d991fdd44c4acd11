package io.sluice.bench.q5;

import java.io.Serializable;

/**
 * A NEXMark bid.
 *
 * @param auction   the auction bid on
 * @param price     the bid price
 * @param timestamp event time in milliseconds
 */
public record Bid(long auction, long price, long timestamp) implements Serializable {
}
