package dev.vigil.cluster;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The text form of inter-node messages: one {@code key=value} per line, newlines and '%' escaped. */
final class Wire {
    private Wire() {
    }

    static byte[] encode(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(k).append('=').append(escape(v)).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> decode(byte[] payload) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(payload, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed message line '" + line + "'");
            }
            out.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
        }
        return out;
    }

    static String require(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("message lacks field '" + key + "'");
        }
        return v;
    }

    private static String escape(String v) {
        return v.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D");
    }

    private static String unescape(String v) {
        return v.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    }
}
