package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a resource's live-migration history leaves behind, across nodes (Pacemaker's
 * unpack_migrate_to_success and friends): a partial migration (migrate_to done on the source,
 * the migrate_from still to do on the target, the resource active on both), and "dangling"
 * sources (the migration completed but the source was never cleaned up: it needs a stop there
 * though the resource is not active there).
 */
public final class MigrationStatus {
    private final String partialSource;
    private final String partialTarget;
    private final List<String> danglingSources;

    private MigrationStatus(String partialSource, String partialTarget, List<String> danglingSources) {
        this.partialSource = partialSource;
        this.partialTarget = partialTarget;
        this.danglingSources = List.copyOf(danglingSources);
    }

    /** Nothing unfinished. */
    public static MigrationStatus none() {
        return new MigrationStatus(null, null, List.of());
    }

    /** The same, with a migration from {@code source} to {@code target} half done. */
    public MigrationStatus withPartial(String source, String target) {
        return new MigrationStatus(Objects.requireNonNull(source), Objects.requireNonNull(target), danglingSources);
    }

    /** The same, with {@code node} needing a stop left over from a migration. */
    public MigrationStatus withDangling(String node) {
        List<String> d = new ArrayList<>(danglingSources);
        if (!d.contains(node)) {
            d.add(node);
        }
        return new MigrationStatus(partialSource, partialTarget, d);
    }

    /** The source of a half-done migration, or null. */
    public String partialSource() {
        return partialSource;
    }

    /** The target of a half-done migration, or null. */
    public String partialTarget() {
        return partialTarget;
    }

    /** Nodes where a stop is owed by a migration (the resource is not active there). */
    public List<String> danglingSources() {
        return danglingSources;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationStatus m && Objects.equals(partialSource, m.partialSource)
                && Objects.equals(partialTarget, m.partialTarget) && danglingSources.equals(m.danglingSources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partialSource, partialTarget, danglingSources);
    }

    @Override
    public String toString() {
        return (partialSource == null ? "" : "partial " + partialSource + " -> " + partialTarget)
                + (danglingSources.isEmpty() ? "" : " dangling " + danglingSources);
    }
}
