package io.sluice.engine.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The javadoc samples of {@link Traverser} and {@link Traversers}, verbatim, so that the build fails
 * when one stops compiling. Never run.
 */
@SuppressWarnings("unused")
final class TraverserSnippets {
    private TraverserSnippets() {
    }

    record Order(boolean isCancelled, List<String> lines) {
    }

    static void traverser(BatchStage<String> stage, List<String> body, List<String> rows, Traverser<String> words,
                          Path path) throws IOException {
        stage.flatMap(line -> Traversers.traverseArray(line.split(" ")).filter(w -> !w.isEmpty()).map(String::toLowerCase));
        Traverser<Integer> lengths = Traversers.traverseItems("a", "bb").map(String::length);   // 1, 2
        Traverser<String> nonEmpty = Traversers.traverseItems("a", "", "b").filter(s -> !s.isEmpty());   // a, b
        Traverser<String> words2 = Traversers.traverseItems("a b", "c").flatMap(l -> Traversers.traverseArray(l.split(" ")));
        Traverser<Integer> head = Traversers.traverseItems(1, 2, 5, 1).takeWhile(i -> i < 3);   // 1, 2
        Traverser<Integer> tail = Traversers.traverseItems(1, 2, 5, 1).dropWhile(i -> i < 3);   // 5, 1
        Traverser<String> lines = Traversers.traverseIterable(body).append("-- end");
        Traverser<String> csv = Traversers.traverseIterable(rows).prepend("id,name");
        Traverser<String> logged = words.peek(w -> System.err.println("word " + w));
        Stream<String> fileLines = Files.lines(path);
        Traverser<String> traverser = Traversers.traverseIterator(fileLines.iterator()).onFirstNull(fileLines::close);
    }

    static void traversers(BatchStage<String> stage, BatchStage<Order> orders, BatchStage<Integer> numbers,
                           BatchStage<Path> dirs, List<String> names, ZipFile zipFile) {
        stage.flatMap(line -> Traversers.traverseArray(line.split(" ")));
        orders.flatMap(order -> order.isCancelled() ? Traversers.empty() : Traversers.traverseIterable(order.lines()));
        Traverser<String> one = Traversers.singleton("only");
        Traverser<String> t = Traversers.of("a", "b");
        numbers.flatMap(i -> Traversers.traverseItems(i, -i));
        orders.flatMap(order -> Traversers.traverseIterable(order.lines()));
        Traverser<String> t2 = Traversers.traverseIterator(names.iterator());
        Traverser<String> strict = Traversers.traverseIterator(names.iterator(), false);
        Traverser<String> t3 = Traversers.traverseSpliterator(names.spliterator());
        dirs.flatMap(dir -> Traversers.traverseStream(Files.list(dir)));
        Traverser<ZipEntry> entries = Traversers.traverseEnumeration(zipFile.entries());
        Traverser<String> lines = Traversers.lazy(() -> Traversers.traverseIterable(loadLines()));
    }

    private static List<String> loadLines() {
        return List.of();
    }
}
