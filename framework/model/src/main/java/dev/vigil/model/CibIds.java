package dev.vigil.model;

import java.util.HashSet;
import java.util.Set;

/**
 * The XML ids of one written CIB: every id a valid XML name (Pacemaker's schema types them
 * {@code xsd:ID}) and used once. Ids are derived from what they name, as crmsh derives them
 * ({@code web-meta_attributes-target-role}), so the same configuration always gets the same ids.
 */
final class CibIds {
    private final Set<String> used = new HashSet<>();

    /** Reserves an id the configuration itself gives (a resource's or a constraint's). */
    String reserve(String id) {
        used.add(id);
        return id;
    }

    /** A new id made from {@code parts}, made valid and unique. */
    String derive(String... parts) {
        String base = sanitize(String.join("-", parts));
        String id = base;
        for (int n = 1; !used.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** An XML NCName: letters, digits, '_', '-', '.'; not starting with a digit, '-' or '.'. */
    static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' ? c : '_');
        }
        if (b.length() == 0 || !(Character.isLetter(b.charAt(0)) || b.charAt(0) == '_')) {
            b.insert(0, '_');
        }
        return b.toString();
    }
}
