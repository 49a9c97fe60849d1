package dev.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.vigil.cluster.ClusterStatusService;
import dev.vigil.cluster.LocalResourceManager;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.ResourceRole;

/**
 * Agents are bundles that come and go while the node runs: a resource configured before its
 * agent exists starts once the agent bundle is dropped into deploy/; replacing the bundle
 * leaves the resource running, and the first monitor after the update is answered by the new
 * build (the dummy agent names its bundle version in every monitor); removing it leaves the resource as it is, never stopped or failed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {
    private static final String HOME_PROPERTY = "vigil.itest.hotdeploy.home";
    private static final String AGENT_SYMBOLIC_NAME = "dev.vigil.agent.dummy";

    @Inject
    private BundleContext context;

    @Inject
    private ClusterStatusService status;

    @Inject
    private LocalResourceManager lrm;

    @Configuration
    public Option[] config() throws IOException {
        Path home = VigilContainer.home("vigil-hotdeploy-it", "solo",
                "primitive d dummy op monitor interval=200ms timeout=5s\n");
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Files.writeString(home.resolve("etc/org.apache.felix.fileinstall-deploy.cfg"), "felix.fileinstall.dir="
                + deploy + "\nfelix.fileinstall.poll=200\nfelix.fileinstall.noInitialDelay=true\n");
        // No agent is deployed at first: after this grace the probe says so, rather than waiting
        // the default 30 s that covers agents still starting with the node.
        Files.writeString(home.resolve("etc/dev.vigil.executor.cfg"),
                "agent.startup.wait=1s\nshutdown.escalation=10s\n");
        return VigilContainer.options(home, HOME_PROPERTY, System.getProperty("vigil.bundles"));
    }

    private static Path home() {
        return Path.of(System.getProperty(HOME_PROPERTY));
    }

    private static Path agentJar() {
        File[] jars = new File(System.getProperty("vigil.agents")).listFiles((d, n) -> n.startsWith("vigil-agent-dummy"));
        return jars[0].toPath();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what + "; view " + status.report().view()
                + ", states " + status.report().status().nodes().get("solo").resources() + ", history "
                + lrm.history());
    }

    private ResourceRole role() {
        return status.report().status().nodes().get("solo").resource("d").role();
    }

    private Bundle agentBundle() {
        return Arrays.stream(context.getBundles()).filter(b -> AGENT_SYMBOLIC_NAME.equals(b.getSymbolicName()))
                .findFirst().orElse(null);
    }

    private long stops() {
        return lrm.history().stream().filter(r -> r.resource().equals("d")
                && r.action() == dev.vigil.agent.AgentAction.STOP).count();
    }

    @Test
    public void agentsArriveGetReplacedAndLeaveWhileTheResourceRuns() throws Exception {
        Path stateFile = home().resolve("var/state/dummy-d.state");
        await("the resource is known to lack its agent", () -> role() == ResourceRole.AGENT_MISSING);
        assertFalse(Files.exists(stateFile));

        Path deployed = home().resolve("deploy/vigil-agent-dummy.jar");
        Files.copy(agentJar(), deployed);
        await("the resource started with the newly deployed agent", () -> Files.exists(stateFile)
                && role() == ResourceRole.STARTED);
        long bundleId = agentBundle().getBundleId();
        long modified = agentBundle().getLastModified();

        String oldBuild = AGENT_SYMBOLIC_NAME + " " + agentBundle().getVersion();
        await("a monitor ran on the first build", () -> okMonitors().stream()
                .anyMatch(r -> r.reason().contains(oldBuild)));
        Path updated = withBundleVersion(agentJar(), home().resolve("vigil-agent-dummy-updated.jar"), "updated");
        Files.copy(updated, deployed, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(deployed, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        await("the agent bundle was updated in place", () -> agentBundle() != null
                && agentBundle().getLastModified() != modified
                && agentBundle().getVersion().getQualifier().equals("updated"));
        java.time.Instant updatedAt = java.time.Instant.now();
        assertEquals("updated, not reinstalled", bundleId, agentBundle().getBundleId());
        String newBuild = AGENT_SYMBOLIC_NAME + " " + agentBundle().getVersion();
        await("a monitor ran after the update", () -> okMonitors().stream()
                .anyMatch(r -> r.started().isAfter(updatedAt)));
        OperationRecord next = okMonitors().stream().filter(r -> r.started().isAfter(updatedAt)).findFirst()
                .orElseThrow();
        assertTrue("the first monitor after the update ran the new build: " + next,
                next.reason().contains(newBuild));
        assertTrue(Files.exists(stateFile));
        assertEquals(ResourceRole.STARTED, role());
        assertEquals("no stop while the agent was replaced", 0, stops());

        Files.delete(deployed);
        await("the agent bundle is gone", () -> agentBundle() == null);
        await("a monitor found no agent", () -> lrm.history().stream().anyMatch(r -> r.resource().equals("d")
                && r.execStatus() == dev.vigil.agent.ExecStatus.NOT_INSTALLED));
        assertTrue("the resource was left running", Files.exists(stateFile));
        assertEquals(ResourceRole.STARTED, role());
        assertEquals("no stop after the agent left", 0, stops());
        assertTrue("no failure recorded: " + status.report().failedActions(),
                status.report().failedActions().stream().noneMatch(f -> f.resource().equals("d")
                        && f.execStatus() != dev.vigil.agent.ExecStatus.NOT_INSTALLED));
    }

    /** Successful recurring monitors of d, oldest first. */
    private List<OperationRecord> okMonitors() {
        List<OperationRecord> h = lrm.history();
        return h.stream().filter(r -> r.resource().equals("d") && r.action() == dev.vigil.agent.AgentAction.MONITOR
                && !r.interval().isZero() && r.ocfStatus() == dev.vigil.agent.OcfStatus.OK)
                .collect(java.util.stream.Collectors.toList());
    }

    /** A copy of the bundle whose Bundle-Version has the given qualifier: a new build of the same agent. */
    private static Path withBundleVersion(Path jar, Path target, String qualifier) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            org.osgi.framework.Version v = org.osgi.framework.Version.parseVersion(main.getValue("Bundle-Version"));
            main.putValue("Bundle-Version", new org.osgi.framework.Version(v.getMajor(), v.getMinor(), v.getMicro(),
                    qualifier).toString());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return target;
    }
}
