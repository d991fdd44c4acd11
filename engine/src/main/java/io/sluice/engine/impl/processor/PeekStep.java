package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code peek}: logs each item for which {@code shouldLogFn} is true at INFO, as
 * {@code "<job>#<instance>: <toStringFn(item)>"} on the logger {@code io.sluice.peek.<stage name>},
 * and passes every item on unchanged. When INFO is off for that logger the functions are not called.
 */
final class PeekStep implements ItemProcessor {
    private final PredicateEx<Object> shouldLogFn;
    private final FunctionEx<Object, ? extends CharSequence> toStringFn;
    private final String stageName;
    private Emitter emitter;
    private Logger logger;
    private String prefix;

    PeekStep(PredicateEx<Object> shouldLogFn, FunctionEx<Object, ? extends CharSequence> toStringFn, String stageName) {
        this.shouldLogFn = shouldLogFn;
        this.toStringFn = toStringFn;
        this.stageName = stageName;
    }

    /** The logger a peek stage called {@code stageName} writes to. */
    static String loggerName(String stageName) {
        return "io.sluice.peek." + stageName;
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) {
        this.emitter = emitter;
        this.logger = LoggerFactory.getLogger(loggerName(stageName));
        this.prefix = context.jobName() + "#" + context.globalIndex() + ": ";
    }

    @Override
    public void processItem(Object item) throws Exception {
        if (logger.isInfoEnabled() && shouldLogFn.testEx(item)) {
            logger.info(prefix + toStringFn.applyEx(item));
        }
        emitter.emit(item);
    }
}
