package dev.vigil.controller.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.ConfigWriter;
import dev.vigil.model.NodeStatus;
import dev.vigil.policy.Transition;

/**
 * Keeps the inputs of the last {@value #KEPT} decisions under {@code var/pe/}, as Pacemaker
 * keeps its pe-input files: configuration, status, time and the transition that came out.
 */
final class InputArchive implements Controller.InputRecorder {
    private static final Logger LOG = Logger.getLogger(InputArchive.class.getName());
    private static final int KEPT = 100;
    private final Path dir;

    InputArchive(Path dir) {
        this.dir = dir;
    }

    @Override
    public void record(long n, ClusterConfig config, ClusterStatus status, Instant now, Transition t) {
        StringBuilder sb = new StringBuilder();
        sb.append("# decision ").append(n).append(" at ").append(now).append('\n');
        sb.append(ConfigWriter.write(config));
        sb.append("# status quorate=").append(status.quorate()).append(" dc=").append(status.dc()).append('\n');
        for (NodeStatus node : status.nodes().values()) {
            sb.append("# node ").append(node.name())
                    .append(node.online() ? " online" : node.unclean() ? " unclean" : " offline")
                    .append(node.shuttingDown() ? " shutting-down" : "");
            node.resources().forEach((rsc, s) -> sb.append(' ').append(rsc).append('=').append(s.role())
                    .append("/fail=").append(s.failCount()));
            sb.append('\n');
        }
        sb.append("# transition\n");
        for (String line : t.toString().split("\n")) {
            sb.append("# ").append(line).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("pe-input-" + (n % KEPT) + ".txt"), sb.toString());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot save decision input " + n, e);
        }
    }
}
