package io.sluice.actors.impl;

/**
 * Identifies one instance of one vertex of one job execution (the entity id of a stage instance
 * once stages are sharded).
 *
 * @param jobId       the job
 * @param vertexIndex the vertex's index in topological order
 * @param vertexName  the vertex's name
 * @param instance    the instance's global index
 */
record InstanceId(String jobId, int vertexIndex, String vertexName, int instance) {
    @Override
    public String toString() {
        return vertexName + "#" + instance;
    }

    /** A name usable as an actor name. */
    String actorName() {
        return "v" + vertexIndex + "-" + instance + "-" + vertexName.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
