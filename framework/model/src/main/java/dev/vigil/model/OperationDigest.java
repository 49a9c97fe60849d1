package dev.vigil.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The digest of the parameters an operation runs with, computed as Pacemaker computes the
 * {@code op-digest} it records in each {@code lrm_rsc_op}: the MD5 of the canonical text
 * {@code " <parameters a="1" b="2"/>\n"}, attributes sorted by name. The parameters are the
 * resource's instance attributes, the operation's own instance attributes and, for a
 * recurring operation only, its timeout in milliseconds as {@code CRM_meta_timeout} (every
 * other meta attribute is left out). Comparing it with the recorded digest tells whether the
 * resource's definition changed since the operation ran.
 */
public final class OperationDigest {
    private static final String TIMEOUT = "CRM_meta_timeout";

    private OperationDigest() {
    }

    /**
     * The parameters Pacemaker hashes for an operation of {@code resource}: {@code task} as
     * recorded; a probe, promote or migrate_from is compared with the start's parameters.
     */
    public static Map<String, String> parameters(Resource resource, String task, Duration interval) {
        return parameters(resource, task, interval, Map.of());
    }

    /**
     * The same, with the cluster's operation defaults ({@code op_defaults}): their timeout is
     * that of a recurring operation configured without one.
     */
    public static Map<String, String> parameters(Resource resource, String task, Duration interval,
            Map<String, String> operationDefaults) {
        String configured = interval.isZero() && (task.equals("monitor") || task.equals("promote")
                || task.equals("migrate_from")) ? "start" : task;
        Map<String, String> params = new TreeMap<>(resource.params());
        Optional<Operation> op = resource.operations().stream()
                .filter(o -> o.name().equals(configured) && o.interval().equals(interval)).findFirst();
        op.ifPresent(o -> params.putAll(o.params()));
        params.keySet().removeIf(OperationDigest::filtered);
        if (!interval.isZero()) {
            Duration timeout = op.filter(o -> !o.defaultTimeout()).map(Operation::timeout)
                    .orElseGet(() -> defaultTimeout(operationDefaults));
            params.put(TIMEOUT, Long.toString(timeout.toMillis()));
        }
        return params;
    }

    private static Duration defaultTimeout(Map<String, String> operationDefaults) {
        try {
            return Durations.parse(operationDefaults.getOrDefault("timeout", "20s"));
        } catch (IllegalArgumentException e) {
            return Duration.ofSeconds(20);
        }
    }

    /** Whether {@code resource}'s operation {@code task} has parameters of its own (not only the resource's). */
    public static boolean hasOwnParameters(Resource resource, String task, Duration interval) {
        String configured = interval.isZero() && (task.equals("monitor") || task.equals("promote")
                || task.equals("migrate_from")) ? "start" : task;
        return resource.operations().stream().filter(o -> o.name().equals(configured)
                && o.interval().equals(interval)).findFirst().map(o -> !o.params().isEmpty()).orElse(false);
    }

    /**
     * The digest Pacemaker records as {@code op-secure-digest}: the parameters without the
     * secret ones ({@code secureNames}, space-separated) and without the timeout. A controller
     * older than feature set 3.16.0 hashed only the resource's own parameters, and for a fencing
     * device not the ones the fencer adds ({@code pcmk_host_list}...).
     */
    public static String secure(Resource resource, String task, Duration interval, String secureNames,
            String featureSet) {
        boolean old = compareVersions(featureSet == null ? "3.16.0" : featureSet, "3.16.0") < 0;
        Map<String, String> params = old ? new TreeMap<>(resource.params())
                : parameters(resource, task, interval, Map.of());
        if (secureNames != null) {
            params.keySet().removeAll(names(secureNames));
        }
        if (old && "stonith".equals(resource.agentClass())) {
            params.keySet().removeIf(OperationDigest::fencingParameter);
        }
        params.keySet().removeIf(OperationDigest::filtered);
        return of(params);
    }

    /** A parameter the fencer itself interprets (Pacemaker's pcmk_stonith_param). */
    static boolean fencingParameter(String name) {
        if (name.equals("provides") || name.equals("stonith-timeout")) {
            return true;
        }
        if (!name.startsWith("pcmk_")) {
            return false;
        }
        if (java.util.Set.of("pcmk_action_limit", "pcmk_delay_base", "pcmk_delay_max", "pcmk_host_argument",
                "pcmk_host_check", "pcmk_host_list", "pcmk_host_map").contains(name)) {
            return true;
        }
        int underscore = name.indexOf('_', 5);
        String rest = underscore < 0 ? "" : name.substring(underscore);
        return rest.equals("_action") || rest.equals("_timeout") || rest.equals("_retries");
    }

    /** Dotted version numbers compared part by part ("3.0.12" < "3.16.0"). */
    static int compareVersions(String a, String b) {
        String[] x = a.trim().split("\\."), y = b.trim().split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parse(x[i]) : 0, q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The digest of a start run with these resource parameters, as a live executor records it
     * and as {@link #parameters(Resource, String, Duration)} gives it for the configuration.
     */
    public static String ofStart(Map<String, String> params) {
        Map<String, String> p = new TreeMap<>(params);
        p.keySet().removeIf(OperationDigest::filtered);
        return of(p);
    }

    /** Pacemaker's digest of these parameters. */
    public static String of(Map<String, String> params) {
        return md5(canonical(params));
    }

    /**
     * The digest of only the named parameters (Pacemaker's {@code op-restart-digest}: the
     * parameters that a reload cannot change, listed space-separated in {@code op-force-restart});
     * a null list keeps them all.
     */
    public static String ofOnly(Map<String, String> params, String names) {
        if (names == null) {
            return of(params);
        }
        Map<String, String> kept = new TreeMap<>(params);
        kept.keySet().retainAll(names(names));
        return of(kept);
    }

    /** A space-separated list of names, as Pacemaker records them (" a b "). */
    private static java.util.Set<String> names(String list) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String n : list.trim().split("\\s+")) {
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    /** The canonical text Pacemaker hashes: {@code " <parameters a="1"/>\n"}, sorted by name. */
    static String canonical(Map<String, String> params) {
        StringBuilder b = new StringBuilder(" <parameters");
        new TreeMap<>(params).forEach((k, v) -> b.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        return b.append("/>\n").toString();
    }

    /** Never hashed: meta attributes, and what the controller adds to every operation. */
    private static boolean filtered(String name) {
        return name.startsWith("CRM_meta_") || name.equals("id") || name.equals("crm_feature_set")
                || name.equals("op-digest") || name.equals("on_node") || name.equals("on_node_uuid")
                || name.equals("pcmk_external_ip");
    }

    /**
     * Pacemaker's escaping of an attribute value in the text it hashes (crm_xml_escape, 2.1.5),
     * byte by byte over UTF-8, quirks included: a tab becomes four spaces, a newline or carriage
     * return a backslash sequence, any other control character its octal code, and the escaping
     * stops at the first multi-byte character.
     */
    private static String escape(String v) {
        if (plain(v)) {
            return v; // the common case: printable ASCII with nothing to escape
        }
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length + 16);
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if ((c & 0x80) != 0 && i + 1 < bytes.length && (bytes[i + 1] & 0x80) != 0) {
                out.write(bytes, i, bytes.length - i); // the rest is copied as it is
                break;
            }
            String r;
            switch (c) {
                case '<':
                    r = "&lt;";
                    break;
                case '>':
                    r = "&gt;";
                    break;
                case '"':
                    r = "&quot;";
                    break;
                case '\'':
                    r = "&apos;";
                    break;
                case '&':
                    r = "&amp;";
                    break;
                case '\t':
                    r = "    ";
                    break;
                case '\n':
                    r = "\\n";
                    break;
                case '\r':
                    r = "\\r";
                    break;
                default:
                    // C's printf("\\%.3o") of a signed char: a byte above 0x7f prints as a negative int
                    r = c < ' ' || c > '~' ? "\\" + String.format("%3s", Integer.toOctalString(c)).replace(' ', '0')
                            : null;
            }
            if (r == null) {
                out.write(c);
            } else {
                out.writeBytes(r.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Printable ASCII and none of the characters {@link #escape} replaces. */
    private static boolean plain(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < ' ' || c > '~' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '&') {
                return false;
            }
        }
        return true;
    }

    /** A fresh MD5: a copy of one looked up once (the provider look-up costs more than the hash). */
    private static MessageDigest md5Digest() throws NoSuchAlgorithmException {
        try {
            return (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            return MessageDigest.getInstance("MD5");
        }
    }

    private static final MessageDigest MD5;

    static {
        try {
            MD5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    private static String md5(String text) {
        try {
            byte[] d = md5Digest().digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (byte x : d) {
                hex.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
