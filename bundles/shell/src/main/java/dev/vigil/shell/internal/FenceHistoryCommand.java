package dev.vigil.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.vigil.cluster.Membership;
import dev.vigil.fence.Fencer;

/**
 * {@code vigil:fence-history}. A class of its own because Gogo finds a command by its method's
 * name and no Java method is called {@code fence-history}: Gogo then calls {@code _main}, which
 * must be the only candidate of its component.
 */
@Component(service = FenceHistoryCommand.class, property = {
    "osgi.command.scope=vigil", "osgi.command.function=fence-history"})
public final class FenceHistoryCommand {
    private final Membership membership;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Fencer fencer;

    @Activate
    public FenceHistoryCommand(@Reference Membership membership) {
        this.membership = membership;
    }

    /** For tests: a fixed fencer. */
    FenceHistoryCommand(Membership membership, Fencer fencer) {
        this.membership = membership;
        this.fencer = fencer;
    }

    /** @param function the command's name, which Gogo passes first to {@code _main} */
    @Descriptor("list the fence operations the fencer knows, oldest first")
    public FenceHistory _main(String function) {
        return new FenceHistory(require(fencer, membership.localNode()).history());
    }

    static Fencer require(Fencer fencer, String localNode) {
        if (fencer == null) {
            throw new IllegalStateException("fencing: no fencer running on " + localNode);
        }
        return fencer;
    }
}
