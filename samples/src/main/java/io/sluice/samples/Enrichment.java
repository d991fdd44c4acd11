package io.sluice.samples;

import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.samples.Trades.Trade;

import java.io.Serializable;
import java.util.List;

/**
 * Enrichment: a stream of trades joined with a batch reference table of companies (read once,
 * in full, before the first trade is joined), each trade emitted with its company's name and
 * sector; a trade whose symbol is not in the table gets "unknown".
 *
 * <pre>{@code
 * StreamStage<Trade> trades = p.readFrom(tradeSource).withTimestamps(Trade::timestamp, 300);
 * BatchStage<Company> companies = p.readFrom(companySource);
 * trades.hashJoin(companies, JoinClause.onKeys(Trade::symbol, Company::symbol), EnrichedTrade::of)
 * }</pre>
 */
public final class Enrichment {

    private Enrichment() {
    }

    /**
     * A row of the reference table.
     *
     * @param symbol ticker
     * @param name   company name
     * @param sector industry sector
     */
    public record Company(String symbol, String name, String sector) implements Serializable {
    }

    /**
     * A trade with its company's details.
     *
     * @param trade   the trade
     * @param name    company name, or "unknown"
     * @param sector  sector, or "unknown"
     */
    public record EnrichedTrade(Trade trade, String name, String sector) implements Serializable {
        static EnrichedTrade of(Trade trade, Company company) {
            return company == null
                    ? new EnrichedTrade(trade, "unknown", "unknown")
                    : new EnrichedTrade(trade, company.name(), company.sector());
        }

        @Override
        public String toString() {
            return String.format("%-5s %-22s %-14s %4d @ %d.%02d", trade.symbol(), name, sector, trade.quantity(),
                    trade.price() / 100, trade.price() % 100);
        }
    }

    /** The reference table (all symbols but the last, to show unmatched trades). */
    public static final List<Company> COMPANIES = List.of(
            new Company("AAPL", "Apple Inc.", "Technology"),
            new Company("MSFT", "Microsoft Corporation", "Technology"),
            new Company("NVDA", "NVIDIA Corporation", "Semiconductors"),
            new Company("AMZN", "Amazon.com, Inc.", "Retail"),
            new Company("GOOG", "Alphabet Inc.", "Communication"),
            new Company("META", "Meta Platforms, Inc.", "Communication"),
            new Company("TSLA", "Tesla, Inc.", "Automotive"));

    /** The pipeline: every trade of {@code trades}, enriched from {@code companies}, into {@code sink}. */
    public static Pipeline pipeline(StreamSource<Trade> trades, BatchSource<Company> companies, Sink<? super EnrichedTrade> sink) {
        Pipeline p = Pipeline.create();
        StreamStage<Trade> tradeStage = p.readFrom(trades).withTimestamps(Trade::timestamp, TradeMonitor.ALLOWED_LAG_MILLIS);
        BatchStage<Company> companyStage = p.readFrom(companies);
        tradeStage.hashJoin(companyStage, JoinClause.onKeys(Trade::symbol, Company::symbol), EnrichedTrade::of)
                  .writeTo(sink);
        return p;
    }
}
