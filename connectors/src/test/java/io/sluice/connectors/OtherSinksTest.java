package io.sluice.connectors;

import io.sluice.engine.pipeline.test.CollectingSink;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.sluice.connectors.TestProcessors.runSink;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(60)
class OtherSinksTest {

    @Test
    void when_collectingSinkOnTwoInstances_then_itemsReadableAfterwards() throws Exception {
        CollectingSink<String> sink = Sinks.collecting();

        runSink(sink, 0, 2, List.of(List.of("a", "b"), List.of("c")));
        runSink(sink, 1, 2, List.of(List.of("d")));

        List<String> items = sink.items();
        assertEquals(Set.of("a", "b", "c", "d"), new HashSet<>(items));
        assertEquals(4, items.size());
        items.clear(); // a copy
        assertEquals(4, sink.items().size());
        sink.clear();
        assertEquals(List.of(), sink.items());
    }

    @Test
    void when_collectingSinkSerialized_then_copySharesTheItems() throws Exception {
        CollectingSink<String> sink = Sinks.collecting();
        CollectingSink<String> copy = Util.roundTrip(sink);

        runSink(copy, 0, 1, List.of(List.of("x")));

        assertEquals(List.of("x"), sink.items());
        assertEquals(List.of(), Sinks.<String>collecting().items());
    }

    @Test
    void when_loggerSink_then_infoLinesOnSinkLogger() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.sluice.sink.vertex");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            runSink(Sinks.logger(), 0, 1, List.of(List.of("a", 1)));
            runSink(Sinks.<Integer>logger(i -> "n=" + i), 0, 1, List.of(List.of(2)));
        } finally {
            logger.detachAppender(appender);
        }
        assertEquals(List.of("a", "1", "n=2"), appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertEquals(ch.qos.logback.classic.Level.INFO, appender.list.get(0).getLevel());
    }

    @Test
    void when_consoleSink_then_linesOnSystemOut() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            runSink(Sinks.console(), 0, 1, List.of(List.of("a", "b"), List.of(3)));
        } finally {
            System.setOut(original);
        }
        String n = System.lineSeparator();
        assertEquals("a" + n + "b" + n + "3" + n, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void when_noopSink_then_nothingHappens() throws Exception {
        runSink(Sinks.noop(), 0, 1, List.of(List.of("a")));
    }
}
