/**
 * Built-in sources and sinks: {@link io.sluice.connectors.Sources} and {@link io.sluice.connectors.Sinks}.
 * Everything under {@code io.sluice.connectors.impl} is internal.
 */
package io.sluice.connectors;
