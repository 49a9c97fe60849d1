package dev.vigil.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an id in a constraint may stand for besides one resource, as Pacemaker reads it: a
 * resource template (every primitive derived from it) or a tag ({@code <tags><tag id><obj_ref
 * id>}, every object it lists). Templates are looked up first. A constraint that names one of
 * them outside a resource set is read as a constraint over resource sets: the template's or
 * tag's set is not sequential, a plain resource beside it becomes a set of its own.
 */
final class ConstraintTargets {
    private final ResourceTemplates templates;
    private final Map<String, List<String>> tags;

    private ConstraintTargets(ResourceTemplates templates, Map<String, List<String>> tags) {
        this.templates = templates;
        this.tags = tags;
    }

    /** Reads the {@code <tags>} section (null for none). */
    static ConstraintTargets of(ResourceTemplates templates, XmlElement tagsSection) {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        if (tagsSection != null) {
            for (XmlElement tag : tagsSection.children("tag")) {
                List<String> refs = new ArrayList<>();
                tag.children("obj_ref").forEach(r -> {
                    if (r.attr("id") != null) {
                        refs.add(r.attr("id"));
                    }
                });
                if (tag.attr("id") != null) {
                    tags.putIfAbsent(tag.attr("id"), refs);
                }
            }
        }
        return new ConstraintTargets(templates, tags);
    }

    /** Whether the id names a template or a tag rather than a resource. */
    boolean isGroupOfResources(String id) {
        return id != null && (templates.isTemplate(id) || tags.containsKey(id));
    }

    /** The resources an id in a constraint stands for: itself, or what the template or tag covers. */
    List<String> expand(String id) {
        List<String> derived = templates.derivedFrom(id);
        if (derived != null) {
            return List.copyOf(derived);
        }
        List<String> tagged = tags.get(id);
        return tagged != null ? List.copyOf(tagged) : List.of(id);
    }
}
