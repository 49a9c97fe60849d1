package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Pacemaker's resource sets ({@code <resource_set>} in a colocation, order or location),
 * unfolded into the pairwise constraints they mean.
 *
 * <ul>
 * <li>Order: within a sequential set each member after the one before it; between
 * consecutive sets, the later set after the earlier one (the last member of a sequential set,
 * every member of a non-sequential one, before the first member of a sequential set or every
 * member of a non-sequential one). Each set's {@code action} applies to its members; the
 * constraint's kind and symmetry to every pair; a set with {@code require-all=false} lets
 * what follows start once any of its members runs. In a Serialize constraint, each member of
 * a set comes before every later member of it.</li>
 * <li>Colocation: within a sequential set each member with the one before it (with a negative
 * score, with every member before it); between sets,
 * the earlier set with the later one (the first member of a sequential earlier set, or each
 * member of a non-sequential one, with the last member of a sequential later set, or each
 * member of a non-sequential one). Each set's {@code role} applies to its members.</li>
 * <li>Location: the same location for every member.</li>
 * </ul>
 */
final class ResourceSets {
    /**
     * One {@code <resource_set>}: its members in order and its options. {@code withNext}: the
     * deprecated {@code ordering} attribute set to anything but "group" colocates each member
     * of a positive sequential set with the next one instead of the one before.
     */
    record Set(List<String> members, boolean sequential, boolean requireAll, String action, String role,
            boolean withNext) {
        Set(List<String> members, boolean sequential, boolean requireAll, String action, String role) {
            this(members, sequential, requireAll, action, role, false);
        }
    }

    private ResourceSets() {
    }

    static List<Order> orders(String id, List<Set> sets, Order.Kind kind, boolean symmetrical) {
        List<Order> out = new ArrayList<>();
        for (int s = 0; s < sets.size(); s++) {
            Set set = sets.get(s);
            if (kind == Order.Kind.SERIALIZE) {
                // Never two at once: each member before every later one, sequential or not (a
                // chain would serialize nothing across a member that has nothing to do).
                for (int i = 0; i < set.members().size(); i++) {
                    for (int j = i + 1; j < set.members().size(); j++) {
                        out.add(order(id, out.size(), set.members().get(i), set.action(), set.members().get(j),
                                set.action(), kind, symmetrical, set.requireAll()));
                    }
                }
            } else if (set.sequential()) {
                for (int i = 1; i < set.members().size(); i++) {
                    out.add(order(id, out.size(), set.members().get(i - 1), set.action(), set.members().get(i),
                            set.action(), kind, symmetrical, set.requireAll()));
                }
            }
            if (s == 0 || set.members().isEmpty() || sets.get(s - 1).members().isEmpty()) {
                continue; // an empty set (a template or tag that covers nothing) orders nothing
            }
            Set before = sets.get(s - 1);
            List<String> firsts = before.sequential() ? List.of(last(before.members())) : before.members();
            List<String> thens = set.sequential() ? List.of(set.members().get(0)) : set.members();
            for (String f : firsts) {
                for (String t : thens) {
                    out.add(order(id, out.size(), f, before.action(), t, set.action(), kind, symmetrical,
                            before.requireAll()));
                }
            }
        }
        return out;
    }

    private static Order order(String id, int n, String first, String firstAction, String then, String thenAction,
            Order.Kind kind, boolean symmetrical, boolean requireAll) {
        return Order.of(id + "-" + n, first, firstAction, then, thenAction, kind, symmetrical)
                .withRequireAll(requireAll);
    }

    static List<Colocation> colocations(String id, List<Set> sets, Score score) {
        List<Colocation> out = new ArrayList<>();
        for (int s = 0; s < sets.size(); s++) {
            Set set = sets.get(s);
            if (set.sequential() && score.value() < 0) {
                // Anti-colocated: each member with every member before it, so that no two of
                // the set run together (a chain would only keep neighbours apart).
                for (int i = 1; i < set.members().size(); i++) {
                    for (int j = 0; j < i; j++) {
                        out.add(Colocation.of(id + "-" + out.size(), set.members().get(i), set.members().get(j), score,
                                set.role(), set.role()));
                    }
                }
            } else if (set.sequential()) {
                for (int i = 1; i < set.members().size(); i++) {
                    boolean withNext = set.withNext() && score.value() > 0;
                    String dependent = set.members().get(withNext ? i - 1 : i);
                    String primary = set.members().get(withNext ? i : i - 1);
                    out.add(Colocation.of(id + "-" + out.size(), dependent, primary, score, set.role(), set.role()));
                }
            }
            if (s + 1 == sets.size() || set.members().isEmpty() || sets.get(s + 1).members().isEmpty()) {
                continue;
            }
            Set later = sets.get(s + 1);
            List<String> dependents = set.sequential() ? List.of(set.members().get(0)) : set.members();
            List<String> primaries = later.sequential() ? List.of(last(later.members())) : later.members();
            for (String d : dependents) {
                for (String p : primaries) {
                    out.add(Colocation.of(id + "-" + out.size(), d, p, score, set.role(), later.role()));
                }
            }
        }
        return out;
    }

    private static String last(List<String> members) {
        return members.get(members.size() - 1);
    }
}
