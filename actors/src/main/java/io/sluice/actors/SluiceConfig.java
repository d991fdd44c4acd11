package io.sluice.actors;

/**
 * Settings of a node.
 *
 * <pre>{@code
 * Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withParallelism(2));
 * }</pre>
 *
 * @param nodeName    the actor system's name
 * @param parallelism the default local parallelism (number of cores when not set)
 */
public record SluiceConfig(String nodeName, int parallelism) {
    public SluiceConfig {
        if (nodeName == null || !nodeName.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("nodeName must be letters, digits, '-' or '_' (an actor system name), but was '"
                    + nodeName + "'");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, but was " + parallelism);
        }
    }

    /** Node name "sluice", parallelism = available processors. */
    public static SluiceConfig defaults() {
        return new SluiceConfig("sluice", Runtime.getRuntime().availableProcessors());
    }

    /** The same settings with another default parallelism. */
    public SluiceConfig withParallelism(int parallelism) {
        return new SluiceConfig(nodeName, parallelism);
    }

    /** The same settings with another node name. */
    public SluiceConfig withNodeName(String nodeName) {
        return new SluiceConfig(nodeName, parallelism);
    }
}
