package dev.vigil.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ops4j.pax.exam.Option;

import dev.vigil.distribution.LocalCluster;

/**
 * A Vigil node in Pax Exam's Felix, set up as the distribution sets one up: the bundles of the
 * built distribution, FileInstall watching the node's etc/ for *.cfg, a home with a key file.
 */
final class VigilContainer {
    private VigilContainer() {
    }

    /** Makes a node home with etc/authkeys (a random key, mode 0600) and etc/dev.vigil.node.cfg for a one-node cluster. */
    static Path home(String prefix, String node, String clusterConf) throws IOException {
        Path home = Files.createTempDirectory(prefix);
        Path etc = Files.createDirectories(home.resolve("etc"));
        LocalCluster.writeKeyFile(etc.resolve("authkeys"), LocalCluster.randomKey());
        Files.writeString(etc.resolve("cluster.conf"), clusterConf);
        Files.writeString(etc.resolve("dev.vigil.node.cfg"), "node.name=" + node + "\nnodes=" + node
                + "\nkeepalive=100ms\nwarntime=300ms\ndeadtime=500ms\ninitdead=1s\n");
        // A test container stops within Pax Exam's bound even when a resource cannot be handed over.
        Files.writeString(etc.resolve("dev.vigil.executor.cfg"), "shutdown.escalation=10s\n");
        return home;
    }

    /**
     * @param homeProperty a system property through which the test methods find the home
     * @param directories where the bundles to install are (the distribution's bundle/, maybe deploy/)
     */
    static Option[] options(Path home, String homeProperty, String... directories) {
        List<Option> options = new ArrayList<>(List.of(
                cleanCaches(),
                systemProperty("vigil.home").value(home.toString()),
                systemProperty(homeProperty).value(home.toString()),
                frameworkProperty("felix.fileinstall.dir").value(home.resolve("etc").toString()),
                frameworkProperty("felix.fileinstall.filter").value(".*\\.cfg"),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                // As in the distribution: FileInstall must not write configurations back into
                // the files it watches (an in-place rewrite can be read half-written).
                frameworkProperty("felix.fileinstall.enableConfigSave").value("false"),
                junitBundles()));
        for (String dir : directories) {
            File[] jars = new File(dir).listFiles((d, n) -> n.endsWith(".jar"));
            Arrays.sort(jars);
            for (File jar : jars) {
                options.add(bundle(jar.toURI().toString()));
            }
        }
        return options.toArray(new Option[0]);
    }
}
