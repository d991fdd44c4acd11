package io.sluice.connectors.impl;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.FunctionEx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each item at INFO to the logger {@code io.sluice.sink.<vertex name>}. */
public final class LoggerSinkP<T> implements Processor {
    private final FunctionEx<? super T, String> toStringFn;
    private Logger logger;

    public LoggerSinkP(FunctionEx<? super T, String> toStringFn) {
        this.toStringFn = toStringFn;
    }

    /** The logger name used for a sink vertex called {@code vertexName}. */
    public static String loggerName(String vertexName) {
        return "io.sluice.sink." + vertexName;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        logger = LoggerFactory.getLogger(loggerName(context.vertexName()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Batch batch) throws Exception {
        if (!logger.isInfoEnabled()) {
            return;
        }
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            logger.info(toStringFn.applyEx((T) items[i]));
        }
    }
}
