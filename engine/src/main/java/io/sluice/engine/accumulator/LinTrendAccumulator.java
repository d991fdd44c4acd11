package io.sluice.engine.accumulator;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The sums a least-squares line through {@code (x, y)} points needs: the count and the sums of
 * {@code x}, {@code y}, {@code x·y} and {@code x²}. The sums are {@link BigInteger}s, so they are
 * exact for any {@code long} coordinates and combining and deducting never overflows; the count is a
 * {@code long} that fails with an {@link ArithmeticException} rather than wrap. Used by
 * {@link io.sluice.engine.aggregate.AggregateOperations#linearTrend}.
 */
public final class LinTrendAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private long n;
    private BigInteger sumX = BigInteger.ZERO;
    private BigInteger sumY = BigInteger.ZERO;
    private BigInteger sumXY = BigInteger.ZERO;
    private BigInteger sumX2 = BigInteger.ZERO;

    /** An accumulator of no points. */
    public LinTrendAccumulator() {
    }

    /**
     * Creates an accumulator with the given sums; the state a codec restores (as Jet's
     * constructor of the same shape).
     * <pre>{@code
     * LinTrendAccumulator copy = new LinTrendAccumulator(a.count(), a.sumX(), a.sumY(), a.sumXY(), a.sumX2());
     * }</pre>
     *
     * @param n     the number of accumulated points
     * @param sumX  the sum of x, not null
     * @param sumY  the sum of y, not null
     * @param sumXY the sum of x * y, not null
     * @param sumX2 the sum of x * x, not null
     */
    public LinTrendAccumulator(long n, BigInteger sumX, BigInteger sumY, BigInteger sumXY, BigInteger sumX2) {
        this.n = n;
        this.sumX = Objects.requireNonNull(sumX, "sumX must not be null");
        this.sumY = Objects.requireNonNull(sumY, "sumY must not be null");
        this.sumXY = Objects.requireNonNull(sumXY, "sumXY must not be null");
        this.sumX2 = Objects.requireNonNull(sumX2, "sumX2 must not be null");
    }

    /**
     * Adds the point {@code (x, y)}.
     *
     * @return this accumulator
     */
    public LinTrendAccumulator accumulate(long x, long y) {
        n = Math.incrementExact(n);
        BigInteger bigX = BigInteger.valueOf(x);
        BigInteger bigY = BigInteger.valueOf(y);
        sumX = sumX.add(bigX);
        sumY = sumY.add(bigY);
        sumXY = sumXY.add(bigX.multiply(bigY));
        sumX2 = sumX2.add(bigX.multiply(bigX));
        return this;
    }

    /**
     * Adds the points of {@code that} to this one's.
     *
     * @return this accumulator
     */
    public LinTrendAccumulator combine(LinTrendAccumulator that) {
        n = Math.addExact(n, that.n);
        sumX = sumX.add(that.sumX);
        sumY = sumY.add(that.sumY);
        sumXY = sumXY.add(that.sumXY);
        sumX2 = sumX2.add(that.sumX2);
        return this;
    }

    /**
     * Removes the points of {@code that}, which were earlier combined into this one.
     *
     * @return this accumulator
     */
    public LinTrendAccumulator deduct(LinTrendAccumulator that) {
        n = Math.subtractExact(n, that.n);
        sumX = sumX.subtract(that.sumX);
        sumY = sumY.subtract(that.sumY);
        sumXY = sumXY.subtract(that.sumXY);
        sumX2 = sumX2.subtract(that.sumX2);
        return this;
    }

    /**
     * The sum of the accumulated x values (for codecs).
     *
     * @return the sum of x
     */
    public BigInteger sumX() {
        return sumX;
    }

    /**
     * The sum of the accumulated y values (for codecs).
     *
     * @return the sum of y
     */
    public BigInteger sumY() {
        return sumY;
    }

    /**
     * The sum of the accumulated x * y products (for codecs).
     *
     * @return the sum of x * y
     */
    public BigInteger sumXY() {
        return sumXY;
    }

    /**
     * The sum of the accumulated x * x squares (for codecs).
     *
     * @return the sum of x * x
     */
    public BigInteger sumX2() {
        return sumX2;
    }

    /** The number of points. */
    public long count() {
        return n;
    }

    /**
     * The slope of the least-squares line, {@code (n·Σxy − Σx·Σy) / (n·Σx² − (Σx)²)}: numerator and
     * denominator are exact, then each is rounded to a {@code double} and divided, as in Hazelcast
     * Jet. {@link Double#NaN} for no points, one point, or points that all have the same {@code x}
     * (the slope is undefined).
     */
    public double export() {
        BigInteger bigN = BigInteger.valueOf(n);
        BigInteger numerator = bigN.multiply(sumXY).subtract(sumX.multiply(sumY));
        BigInteger denominator = bigN.multiply(sumX2).subtract(sumX.multiply(sumX));
        return numerator.doubleValue() / denominator.doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinTrendAccumulator that && n == that.n && sumX.equals(that.sumX)
                && sumY.equals(that.sumY) && sumXY.equals(that.sumXY) && sumX2.equals(that.sumX2);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(n);
        h = 31 * h + sumX.hashCode();
        h = 31 * h + sumY.hashCode();
        h = 31 * h + sumXY.hashCode();
        return 31 * h + sumX2.hashCode();
    }

    @Override
    public String toString() {
        return "LinTrendAccumulator(n=" + n + ", sumX=" + sumX + ", sumY=" + sumY + ", sumXY=" + sumXY
                + ", sumX2=" + sumX2 + ')';
    }
}
