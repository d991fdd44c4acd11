package io.sluice.actors.impl;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The journal's format: the events of {@link JobEntity} and {@link JobRegistry}, written by hand
 * (Pekko's Java serialization stays off). Bound in {@code io/sluice/actors/defaults.conf}.
 *
 * <p>Format: the manifest names the event type ({@code "JobSubmitted"}, ...); the bytes start with
 * the format version ({@value #VERSION}), then the fields in declaration order: strings as a
 * presence byte, a length and UTF-8, byte arrays as a length and the bytes, numbers big-endian.
 * Event formats are API: a new field means a new version, and this class keeps reading the old ones.
 * The job's DAG and config are user objects: Java-serialized once by the client, carried as bytes.
 */
public final class JournalSerializer extends SerializerWithStringManifest {
    /** Marker of the journal's events. */
    public interface JournalEvent {
    }

    static final int IDENTIFIER = 730_001;
    static final int VERSION = 1;

    public JournalSerializer(ExtendedActorSystem system) {
        // no state
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return o.getClass().getSimpleName();
    }

    @Override
    public byte[] toBinary(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (o instanceof JobEntity.JobSubmitted e) {
                str(out, e.jobId());
                str(out, e.name());
                arr(out, e.dag());
                arr(out, e.config());
                out.writeLong(e.submissionTime());
            } else if (o instanceof JobEntity.ExecutionStarted e) {
                out.writeLong(e.executionId());
                out.writeLong(e.timeMillis());
            } else if (o instanceof JobEntity.SnapshotCommitted e) {
                out.writeLong(e.snapshotId());
                out.writeLong(e.bytes());
                out.writeLong(e.durationMillis());
                out.writeLong(e.timeMillis());
                str(out, e.exportName());
            } else if (o instanceof JobEntity.SnapshotExported e) {
                str(out, e.name());
                out.writeLong(e.snapshotId());
                out.writeLong(e.timeMillis());
            } else if (o instanceof JobEntity.Suspended e) {
                str(out, e.cause());
                out.writeLong(e.timeMillis());
            } else if (o instanceof JobEntity.Resumed e) {
                out.writeLong(e.timeMillis());
            } else if (o instanceof JobEntity.Restarting e) {
                str(out, e.cause());
                out.writeBoolean(e.failure());
                out.writeInt(e.attempt());
                out.writeLong(e.timeMillis());
            } else if (o instanceof JobEntity.Completed e) {
                out.writeLong(e.timeMillis());
            } else if (o instanceof JobEntity.Failed e) {
                str(out, e.cause());
                out.writeLong(e.timeMillis());
            } else if (o instanceof JobEntity.Cancelled e) {
                out.writeLong(e.timeMillis());
            } else if (o instanceof JobRegistry.JobRegistered e) {
                str(out, e.jobId());
                str(out, e.name());
            } else if (o instanceof JobRegistry.JobUnregistered e) {
                str(out, e.jobId());
            } else {
                throw new IllegalArgumentException("JournalSerializer cannot write " + o.getClass().getName()
                        + ": bind only the journal's events to it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new NotSerializableException("journal event " + manifest + " has format version " + version
                        + ", this Sluice reads version " + VERSION + ": the journal was written by another Sluice version");
            }
            return switch (manifest) {
                case "JobSubmitted" -> new JobEntity.JobSubmitted(str(in), str(in), arr(in), arr(in), in.readLong());
                case "ExecutionStarted" -> new JobEntity.ExecutionStarted(in.readLong(), in.readLong());
                case "SnapshotCommitted" -> new JobEntity.SnapshotCommitted(in.readLong(), in.readLong(), in.readLong(),
                        in.readLong(), str(in));
                case "SnapshotExported" -> new JobEntity.SnapshotExported(str(in), in.readLong(), in.readLong());
                case "Suspended" -> new JobEntity.Suspended(str(in), in.readLong());
                case "Resumed" -> new JobEntity.Resumed(in.readLong());
                case "Restarting" -> new JobEntity.Restarting(str(in), in.readBoolean(), in.readInt(), in.readLong());
                case "Completed" -> new JobEntity.Completed(in.readLong());
                case "Failed" -> new JobEntity.Failed(str(in), in.readLong());
                case "Cancelled" -> new JobEntity.Cancelled(in.readLong());
                case "JobRegistered" -> new JobRegistry.JobRegistered(str(in), str(in));
                case "JobUnregistered" -> new JobRegistry.JobUnregistered(str(in));
                default -> throw new NotSerializableException("unknown journal event type '" + manifest
                        + "': the journal was written by another Sluice version");
            };
        } catch (IOException e) {
            NotSerializableException n = new NotSerializableException("journal event " + manifest
                    + " is truncated or damaged: " + e);
            n.initCause(e);
            throw n;
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        arr(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String str(DataInputStream in) throws IOException {
        return in.readBoolean() ? new String(arr(in), StandardCharsets.UTF_8) : null;
    }

    private static void arr(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] arr(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("a length of " + n + " with " + in.available() + " bytes left");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
