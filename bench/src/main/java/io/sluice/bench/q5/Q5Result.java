package io.sluice.bench.q5;

import java.io.Serializable;

/**
 * The hottest auction of one window.
 *
 * @param windowEnd the window's end (exclusive)
 * @param auction   the auction with the most bids (the smallest id on ties)
 * @param count     its number of bids in the window
 */
public record Q5Result(long windowEnd, long auction, long count) implements Serializable {
}
