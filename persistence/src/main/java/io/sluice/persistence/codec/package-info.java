/**
 * The project's binary codecs: hand-written codecs for the engine's own types and Kryo as the
 * fallback for user objects, never Java serialization.
 *
 * <pre>{@code
 * Codecs codecs = Codecs.create();                  // one per thread
 * byte[] chunk = codecs.encode(KeyedResult.of("a", 1L));
 * KeyedResult<String, Long> back = (KeyedResult<String, Long>) codecs.decode(chunk);
 * }</pre>
 *
 * <p>A chunk is {@code [format version: 1 byte][value][CRC32C of the preceding bytes: 4 bytes]};
 * a value is {@code [type id: varint][payload]}. See {@link io.sluice.persistence.codec.Codecs}.
 */
package io.sluice.persistence.codec;
