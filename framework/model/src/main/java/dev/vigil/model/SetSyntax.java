package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Resource sets in the configuration language, after crmsh: in a colocation or an order, more
 * than two resources, or resources in brackets, are resource sets.
 *
 * <pre>
 * colocation ID SCORE: RSC[:ROLE] RSC[:ROLE] RSC[:ROLE] ...
 * order ID KIND: RSC[:ACTION] ( RSC[:ACTION] RSC[:ACTION] ) [ RSC RSC ] ...
 * </pre>
 *
 * A run of resources outside brackets is one sequential set; {@code ( ... )} is a set whose
 * members are not ordered (or colocated) with each other ({@code sequential=false}); {@code [ ... ]}
 * is one that, in addition, lets what follows go once any member has ({@code require-all=false}).
 * A set's members share one role (colocation) or action (order). The model keeps the pairwise
 * constraints the sets mean ({@link ResourceSets}), and the writer writes those.
 */
final class SetSyntax {
    private SetSyntax() {
    }

    static boolean isSets(List<String> words) {
        return words.size() > 2 || words.stream().anyMatch(w -> w.equals("(") || w.equals("[")
                || w.equals(")") || w.equals("]"));
    }

    static List<ResourceSets.Set> sets(List<String> words, boolean order) {
        List<ResourceSets.Set> sets = new ArrayList<>();
        List<String> members = new ArrayList<>();
        String close = null;
        for (String w : words) {
            if (w.equals("(") || w.equals("[")) {
                if (close != null) {
                    throw new IllegalArgumentException("resource sets do not nest: '" + w + "' inside a set");
                }
                add(sets, members, true, true, order);
                close = w.equals("(") ? ")" : "]";
            } else if (w.equals(")") || w.equals("]")) {
                if (!w.equals(close)) {
                    throw new IllegalArgumentException("'" + w + "' closes no set");
                }
                if (members.isEmpty()) {
                    throw new IllegalArgumentException("an empty resource set");
                }
                add(sets, members, false, close.equals(")"), order);
                close = null;
            } else {
                members.add(w);
            }
        }
        if (close != null) {
            throw new IllegalArgumentException("a resource set is not closed with '" + close + "'");
        }
        add(sets, members, true, true, order);
        return sets;
    }

    private static void add(List<ResourceSets.Set> sets, List<String> words, boolean sequential, boolean requireAll,
            boolean order) {
        if (words.isEmpty()) {
            return;
        }
        List<String> members = new ArrayList<>();
        String qualifier = null;
        for (String w : words) {
            String[] parts = w.split(":", 2);
            String q = parts.length > 1 ? parts[1] : null;
            if (!members.isEmpty() && !Objects.equals(q, qualifier)) {
                throw new IllegalArgumentException("the members of a resource set share one " + (order ? "action"
                        : "role") + ": '" + w + "' differs from '" + members.get(0) + "'");
            }
            qualifier = q;
            members.add(parts[0]);
        }
        sets.add(new ResourceSets.Set(List.copyOf(members), sequential, requireAll,
                order ? (qualifier == null ? "start" : qualifier) : "start",
                order || qualifier == null ? null : ConfigReader.canonicalRole(qualifier)));
        words.clear();
    }
}
