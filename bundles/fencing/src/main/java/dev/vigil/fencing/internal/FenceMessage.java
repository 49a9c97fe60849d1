package dev.vigil.fencing.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceEvent;

/**
 * What fencers tell each other on the membership topic {@value #TOPIC}: UTF-8 {@code key=value}
 * lines, the first {@code type=request|result|history}; in values a backslash is {@code \\}, a
 * newline {@code \n}, a carriage return {@code \r}. Unknown keys are ignored (a newer fencer may
 * add some); a missing or bad required key makes the whole message malformed.
 */
sealed interface FenceMessage permits FenceMessage.Request, FenceMessage.Result, FenceMessage.History {
    String TOPIC = "fence";

    /** Asks the receiving member to run a fence as if it were its own request (Pacemaker's remote op). */
    record Request(String id, String target, FenceAction action, String origin, String reason, Duration delay)
            implements FenceMessage {
    }

    /** The end of a delegated request {@code request}, sent back to the requester only. */
    record Result(String request, FenceEvent event) implements FenceMessage {
    }

    /** A completed operation, broadcast for every member's history. */
    record History(FenceEvent event) implements FenceMessage {
    }

    static byte[] encode(FenceMessage m) {
        Map<String, String> kv = new LinkedHashMap<>();
        if (m instanceof Request r) {
            kv.put("type", "request");
            kv.put("id", r.id());
            kv.put("target", r.target());
            kv.put("action", r.action().agentName());
            kv.put("origin", r.origin());
            kv.put("reason", r.reason());
            kv.put("delay-ms", Long.toString(r.delay().toMillis()));
        } else if (m instanceof Result r) {
            kv.put("type", "result");
            kv.put("request", r.request());
            putEvent(kv, r.event());
        } else if (m instanceof History h) {
            kv.put("type", "history");
            putEvent(kv, h.event());
        }
        StringBuilder out = new StringBuilder();
        kv.forEach((k, v) -> out.append(k).append('=').append(escape(v == null ? "" : v)).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming what is wrong, for a message that cannot be read */
    static FenceMessage decode(byte[] payload) {
        Map<String, String> kv = new LinkedHashMap<>();
        String text = new String(payload, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + lineNo + " is not key=value: '" + abbreviate(line) + "'");
            }
            kv.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
        }
        String type = required(kv, "type");
        switch (type) {
            case "request": {
                Duration delay;
                try {
                    delay = Duration.ofMillis(Long.parseLong(kv.getOrDefault("delay-ms", "0")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("delay-ms is not a number of milliseconds: "
                            + kv.get("delay-ms"));
                }
                return new Request(required(kv, "id"), required(kv, "target"), fenceAction(kv),
                        kv.getOrDefault("origin", ""), kv.getOrDefault("reason", ""),
                        delay.isNegative() ? Duration.ZERO : delay);
            }
            case "result":
                return new Result(required(kv, "request"), event(kv));
            case "history":
                return new History(event(kv));
            default:
                throw new IllegalArgumentException("unknown type '" + abbreviate(type) + "'");
        }
    }

    private static void putEvent(Map<String, String> kv, FenceEvent e) {
        kv.put("id", e.id());
        kv.put("target", e.target());
        kv.put("action", e.action().agentName());
        kv.put("origin", e.origin());
        kv.put("executor", e.executor());
        kv.put("device", e.device());
        kv.put("state", e.state().name().toLowerCase(Locale.ROOT));
        kv.put("requested", e.requested().toString());
        if (e.completed() != null) {
            kv.put("completed", e.completed().toString());
        }
        kv.put("reason", e.reason());
    }

    private static FenceEvent event(Map<String, String> kv) {
        FenceEvent.State state;
        try {
            state = FenceEvent.State.valueOf(required(kv, "state").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be pending, succeeded or failed, not '"
                    + abbreviate(kv.get("state")) + "'");
        }
        Instant completed = kv.containsKey("completed") ? instant(kv, "completed") : null;
        if (state != FenceEvent.State.PENDING && completed == null) {
            throw new IllegalArgumentException("a " + state.name().toLowerCase(Locale.ROOT)
                    + " event needs 'completed'");
        }
        return FenceEvent.of(required(kv, "id"), required(kv, "target"), fenceAction(kv),
                kv.getOrDefault("origin", ""), kv.getOrDefault("executor", ""), kv.getOrDefault("device", ""), state,
                instant(kv, "requested"), completed, kv.getOrDefault("reason", ""));
    }

    private static FenceAction fenceAction(Map<String, String> kv) {
        FenceAction a = FenceAction.parse(required(kv, "action"));
        FencingService.checkRequest("-", a);
        return a;
    }

    private static Instant instant(Map<String, String> kv, String key) {
        try {
            return Instant.parse(required(kv, key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is not an ISO-8601 instant: '" + abbreviate(kv.get(key)) + "'");
        }
    }

    private static String required(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no '" + key + "' line");
        }
        return v;
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String v) {
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                out.append(c);
                continue;
            }
            char n = v.charAt(++i);
            out.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
