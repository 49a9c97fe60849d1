package dev.vigil.heartbeat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HMAC-SHA256 keys this node accepts, by key id, and the one it signs with. Two keys may be
 * valid at once so that a key can be rotated without a flag day.
 *
 * <p>Key file format (as Heartbeat's authkeys): one key a line, {@code ID hmac-sha256 SECRET};
 * {@code #} starts a comment; the first key signs. A secret must be at least 16 characters.
 */
public final class KeyRing {
    private final int signingKeyId;
    private final Map<Integer, byte[]> keys;

    private KeyRing(int signingKeyId, Map<Integer, byte[]> keys) {
        this.signingKeyId = signingKeyId;
        this.keys = Map.copyOf(keys);
    }

    public static KeyRing of(int signingKeyId, Map<Integer, byte[]> keys) {
        if (!keys.containsKey(signingKeyId)) {
            throw new IllegalArgumentException("signing key " + signingKeyId + " is not in the key ring");
        }
        return new KeyRing(signingKeyId, keys);
    }

    /** Parses a key file; the message of the exception names the line and the fault. */
    public static KeyRing parse(String text) {
        Map<Integer, byte[]> keys = new LinkedHashMap<>();
        Integer first = null;
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = "key file line " + (i + 1) + ": ";
            if (f.length != 3) {
                throw new IllegalArgumentException(where + "expected 'ID hmac-sha256 SECRET'");
            }
            int id;
            try {
                id = Integer.parseInt(f[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "key id '" + f[0] + "' is not a number");
            }
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException(where + "key id must be 0..65535");
            }
            if (!f[1].equalsIgnoreCase("hmac-sha256")) {
                throw new IllegalArgumentException(where + "unsupported algorithm '" + f[1] + "' (only hmac-sha256)");
            }
            if (f[2].length() < 16) {
                throw new IllegalArgumentException(where + "secret is shorter than 16 characters");
            }
            if (keys.put(id, f[2].getBytes(StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException(where + "key id " + id + " appears twice");
            }
            if (first == null) {
                first = id;
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("key file holds no key");
        }
        return new KeyRing(first, keys);
    }

    public int signingKeyId() {
        return signingKeyId;
    }

    byte[] signingKey() {
        return keys.get(signingKeyId);
    }

    Optional<byte[]> key(int id) {
        return Optional.ofNullable(keys.get(id));
    }
}
