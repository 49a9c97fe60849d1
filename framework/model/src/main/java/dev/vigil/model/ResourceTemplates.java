package dev.vigil.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pacemaker's resource templates ({@code <template>} in {@code <resources>}): a primitive with
 * {@code template="ID"} takes the template's agent (class, provider, type) and its instance
 * attributes, meta attributes, utilization and operations, its own values overriding the
 * template's. An operation of the primitive replaces the template's operation of the same name
 * and role (Started, Unpromoted and no role counting as one). The template also stands for every
 * primitive derived from it wherever a constraint names it (see {@link ConstraintTargets}).
 */
final class ResourceTemplates {
    private final Map<String, XmlElement> byId = new LinkedHashMap<>();
    /** The primitives derived from each template, in the order they are read. */
    private final Map<String, List<String>> derived = new LinkedHashMap<>();

    /** Collects the templates of a {@code <resources>} section (they may come after their users). */
    static ResourceTemplates of(XmlElement resources) {
        ResourceTemplates t = new ResourceTemplates();
        if (resources != null) {
            for (XmlElement e : resources.children("template")) {
                String id = e.attr("id");
                if (id != null) {
                    t.byId.putIfAbsent(id, e);
                    t.derived.put(id, new ArrayList<>());
                }
            }
        }
        return t;
    }

    boolean isTemplate(String id) {
        return byId.containsKey(id);
    }

    /** The primitives derived from a template so far, or null when {@code id} names none. */
    List<String> derivedFrom(String id) {
        return derived.get(id);
    }

    /**
     * The template a primitive refers to, recording the primitive as derived from it; null when
     * the primitive names none.
     *
     * @throws IllegalArgumentException when the template does not exist or is the primitive itself
     */
    XmlElement templateOf(XmlElement primitive) {
        String ref = primitive.attr("template");
        if (ref == null) {
            return null;
        }
        String id = primitive.attr("id");
        if (ref.equals(id)) {
            throw new IllegalArgumentException("a primitive cannot be its own template");
        }
        XmlElement t = byId.get(ref);
        if (t == null) {
            throw new IllegalArgumentException("no <template id=" + ref + "> in <resources>");
        }
        derived.get(ref).add(id);
        return t;
    }

    /**
     * The primitive's operations followed by those of the template it does not override,
     * compared by name and role as Pacemaker does.
     */
    static List<XmlElement> operations(XmlElement primitive, XmlElement template) {
        List<XmlElement> own = operationsOf(primitive);
        List<XmlElement> out = new ArrayList<>(own);
        if (template == null) {
            return out;
        }
        Set<String> keys = new HashSet<>();
        own.forEach(op -> keys.add(key(op)));
        for (XmlElement op : operationsOf(template)) {
            if (!keys.contains(key(op))) {
                out.add(op);
            }
        }
        return out;
    }

    private static List<XmlElement> operationsOf(XmlElement e) {
        XmlElement ops = e == null ? null : e.child("operations");
        return ops == null ? List.of() : ops.children("op");
    }

    private static String key(XmlElement op) {
        String role = op.attr("role");
        if (role == null || role.equalsIgnoreCase("Started") || role.equalsIgnoreCase("Unpromoted")
                || role.equalsIgnoreCase("Slave")) {
            role = "";
        }
        return op.attr("name") + "-" + role;
    }
}
