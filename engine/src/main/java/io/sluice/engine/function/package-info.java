/**
 * Serializable functional interfaces for user code. Every function a pipeline takes is one of
 * these: Sluice ships them to stage instances, so they must be serializable; their bodies may
 * throw checked exceptions, which fail the job with that exception as the cause.
 */
package io.sluice.engine.function;
