package dev.vigil.membership.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.vigil.heartbeat.KeyRing;

/**
 * Reads the node's key file (Heartbeat's authkeys: {@code ID hmac-sha256 SECRET} lines, see
 * {@link KeyRing#parse}) and refuses one that does not keep the cluster's secret: a file that is
 * missing or cannot be read, a file that group or others may read or write (where the file
 * system has POSIX permissions), a known placeholder secret, or a secret shorter than
 * {@value #MIN_SECRET_BYTES} bytes. Heartbeat refuses an authkeys file readable by others for the
 * same reason: whoever holds the key can forge heartbeats and action requests.
 */
final class KeyFile {
    static final int MIN_SECRET_BYTES = 16;
    /** Secrets of example files and documentation, compared ignoring case; any secret containing one is refused. */
    private static final List<String> PLACEHOLDERS = List.of("change-me", "changeme", "change_me");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final String NEW_KEY = "run 'bin/vigil keygen' on one node and copy the file (mode 0600) "
            + "to every node";

    private KeyFile() {
    }

    /**
     * @return the keys of the file
     * @throws IllegalArgumentException when the file is refused; the message names the file, the
     *         cause and what to do
     */
    static KeyRing load(Path file) {
        checkPermissions(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw refused(file, "it does not exist; " + NEW_KEY);
        } catch (AccessDeniedException e) {
            throw refused(file, "this process may not read it (permission denied); run the node as the file's owner");
        } catch (IOException e) {
            throw refused(file, "it cannot be read: " + e);
        }
        checkSecrets(file, text);
        try {
            return KeyRing.parse(text);
        } catch (IllegalArgumentException e) {
            throw refused(file, e.getMessage().replaceFirst("^key file ", ""));
        }
    }

    private static void checkPermissions(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX permissions on this file system: nothing to check
        } catch (NoSuchFileException e) {
            throw refused(file, "it does not exist; " + NEW_KEY);
        } catch (IOException e) {
            throw refused(file, "it cannot be read: " + e);
        }
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw refused(file, "group or others may read or write it (" + PosixFilePermissions.toString(permissions)
                    + "), and whoever reads it can forge heartbeats and commands: run 'chmod 600 " + file
                    + "' and, if others could read it, make a new key (bin/vigil keygen --force) for every node");
        }
    }

    /** The secrets themselves: placeholders and short ones (the format is left to KeyRing.parse). */
    private static void checkSecrets(Path file, String text) {
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].replaceAll("#.*", "").trim().split("\\s+");
            if (f.length != 3) {
                continue;
            }
            String secret = f[2];
            String lower = secret.toLowerCase(Locale.ROOT);
            if (PLACEHOLDERS.stream().anyMatch(lower::contains)) {
                throw refused(file, "line " + (i + 1) + " holds a placeholder secret, known to anyone who read the "
                        + "example: run 'bin/vigil keygen --force' on one node and copy the file (mode 0600) to every node");
            }
            int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < MIN_SECRET_BYTES) {
                throw refused(file, "line " + (i + 1) + ": the secret is " + bytes + " bytes, shorter than "
                        + MIN_SECRET_BYTES + ": " + NEW_KEY);
            }
        }
    }

    private static IllegalArgumentException refused(Path file, String cause) {
        return new IllegalArgumentException("key file " + file + ": " + cause);
    }
}
