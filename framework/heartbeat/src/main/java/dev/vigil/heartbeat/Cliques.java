package dev.vigil.heartbeat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The set of nodes that can form a view together: every pair of them in two-way contact. When
 * contact is not transitive (A and B cut from each other, both in contact with C) the largest
 * such set wins, so the cluster converges on one view of mutually connected nodes instead of
 * stalling. Ties go to the set that keeps most of the current view (a node rejoining must not
 * push out a member of the same size: that member would lose its lease), then to the set
 * holding the preferred coordinator, then to the smaller names, so that nodes with the same
 * knowledge choose the same set.
 */
public final class Cliques {
    private Cliques() {
    }

    /**
     * @param self the node asking; always in the result
     * @param contact for each node, the nodes it is in two-way contact with (should be symmetric;
     *        an edge counts only when both ends report it)
     * @param preference orders candidate coordinators, best first
     */
    public static SortedSet<String> largestContaining(String self, Map<String, Set<String>> contact,
            Comparator<String> preference) {
        return largestContaining(self, contact, Set.of(), preference);
    }

    /** @param current the members of the current view, kept where a tie allows */
    public static SortedSet<String> largestContaining(String self, Map<String, Set<String>> contact,
            Set<String> current, Comparator<String> preference) {
        List<String> candidates = new ArrayList<>();
        for (String n : contact.getOrDefault(self, Set.of())) {
            if (!n.equals(self) && linked(contact, self, n)) {
                candidates.add(n);
            }
        }
        candidates.sort(preference);
        SortedSet<String> chosen = new TreeSet<>(Set.of(self));
        Search s = new Search(contact, current, preference);
        s.extend(new ArrayList<>(List.of(self)), candidates);
        if (s.best != null) {
            chosen = new TreeSet<>(s.best);
        }
        return chosen;
    }

    static boolean linked(Map<String, Set<String>> contact, String a, String b) {
        return contact.getOrDefault(a, Set.of()).contains(b) && contact.getOrDefault(b, Set.of()).contains(a);
    }

    /** Branch and bound over candidates in preference order; small clusters, so exhaustive is fine. */
    private static final class Search {
        final Map<String, Set<String>> contact;
        final Set<String> current;
        final Comparator<String> preference;
        List<String> best;

        Search(Map<String, Set<String>> contact, Set<String> current, Comparator<String> preference) {
            this.contact = contact;
            this.current = current;
            this.preference = preference;
        }

        void extend(List<String> clique, List<String> candidates) {
            if (best == null || better(clique, best)) {
                best = new ArrayList<>(clique);
            }
            for (int i = 0; i < candidates.size(); i++) {
                if (best != null && clique.size() + candidates.size() - i < best.size()) {
                    return; // cannot beat the best found
                }
                String next = candidates.get(i);
                List<String> rest = new ArrayList<>();
                for (String c : candidates.subList(i + 1, candidates.size())) {
                    if (linked(contact, next, c)) {
                        rest.add(c);
                    }
                }
                clique.add(next);
                extend(clique, rest);
                clique.remove(clique.size() - 1);
            }
        }

        private boolean better(List<String> a, List<String> b) {
            if (a.size() != b.size()) {
                return a.size() > b.size();
            }
            long keptA = a.stream().filter(current::contains).count();
            long keptB = b.stream().filter(current::contains).count();
            if (keptA != keptB) {
                return keptA > keptB;
            }
            List<String> sa = new ArrayList<>(a), sb = new ArrayList<>(b);
            sa.sort(preference);
            sb.sort(preference);
            for (int i = 0; i < sa.size(); i++) {
                int c = preference.compare(sa.get(i), sb.get(i));
                if (c != 0) {
                    return c < 0;
                }
            }
            return false;
        }
    }
}
