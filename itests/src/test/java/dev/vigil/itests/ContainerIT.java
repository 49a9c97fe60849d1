package dev.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import dev.vigil.cluster.LinkStatus;
import dev.vigil.cluster.Membership;
import dev.vigil.transport.Transport;

/**
 * Real Felix, real SCR, Config Admin and FileInstall: a node configured by dropping *.cfg files
 * in its etc/ directory, as an operator would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerIT {
    /** The node's home, shared by the configuration below and the test methods (same JVM property). */
    private static final String HOME_PROPERTY = "vigil.itest.home";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private CommandProcessor commands;

    @Configuration
    public Option[] config() throws IOException {
        // The node's settings are there from the start; the link is dropped in by the test.
        Path home = VigilContainer.home("vigil-container-it", "itest1",
                "primitive spare dummy meta target-role=Stopped\n");
        return VigilContainer.options(home, HOME_PROPERTY, System.getProperty("vigil.bundles"),
                System.getProperty("vigil.agents"));
    }

    private Path home() {
        return Path.of(System.getProperty(HOME_PROPERTY));
    }

    private <T> T await(Class<T> type, String filter) throws Exception {
        return awaitFilter("(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")");
    }

    @SuppressWarnings("unchecked")
    private <T> T awaitFilter(String f) throws Exception {
        ServiceTracker<T, T> t = new ServiceTracker<>(context, context.createFilter(f), null);
        t.open();
        try {
            T service = t.waitForService(TimeUnit.SECONDS.toMillis(20));
            if (service == null) {
                throw new AssertionError("no service " + f + " within 20 s; fileinstall.dir="
                        + context.getProperty("felix.fileinstall.dir") + " home=" + home() + " etc="
                        + Files.list(home().resolve("etc")).map(p -> p.getFileName().toString())
                                .collect(Collectors.toList()));
            }
            return service;
        } finally {
            t.close();
        }
    }

    private String run(String line) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        CommandSession session = commands.createSession(InputStream.nullInputStream(), out, out);
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } finally {
            session.close();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void everyVigilComponentIsActive() throws Exception {
        await(Membership.class, null);
        await(dev.vigil.cluster.ClusterStatusService.class, null);
        Set<String> notActive = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("dev.vigil")) {
                continue;
            }
            if (d.name.startsWith("dev.vigil.transport.")) {
                continue; // links: one factory configuration per link, none yet; checked below
            }
            seen.add(d.name);
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                    notActive.add(d.name + " state " + c.state + " unsatisfied " + Arrays.stream(
                            c.unsatisfiedReferences).map(r -> r.name).collect(Collectors.toList()));
                }
            }
            assertTrue(d.name + " has no configuration instance", scr.getComponentConfigurationDTOs(d).size() > 0);
        }
        assertTrue("components not active: " + notActive, notActive.isEmpty());
        assertTrue(seen.toString(), seen.containsAll(Set.of(
                "dev.vigil.membership.internal.MembershipComponent",
                "dev.vigil.executor.internal.ExecutorComponent",
                "dev.vigil.config.internal.ConfigComponent",
                "dev.vigil.controller.internal.ControllerComponent",
                "dev.vigil.shell.internal.VigilCommands",
                "dev.vigil.shell.internal.CommandSocketServer",
                "dev.vigil.agent.dummy.DummyAgent",
                "dev.vigil.agent.webserver.WebServerAgent")));
    }

    @Test
    public void aLinkFileDroppedInEtcOpensTheLink() throws Exception {
        Membership membership = await(Membership.class, null);
        int port;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = home().resolve("etc/dev.vigil.transport.udp-itest.cfg");
        Files.writeString(cfg, "vigil.link=itest\nbind.address=127.0.0.1\nbind.port=" + port + "\npeers=\n");
        Transport t = await(Transport.class, "(vigil.link=itest)");
        assertEquals("itest", t.linkName());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> links = List.of();
        while (System.nanoTime() < deadline) {
            links = membership.links().stream().map(LinkStatus::name).collect(Collectors.toList());
            if (links.contains("itest")) {
                break;
            }
            Thread.sleep(50);
        }
        assertTrue("membership hosts the new link: " + links, links.contains("itest"));
        assertTrue(run("vigil:links").contains("itest"));
        // The socket really is bound: a second bind of the same port fails.
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            throw new AssertionError("port " + port + " was not bound by the link");
        } catch (java.net.BindException expected) {
            // bound by the link
        }
    }

    @Test
    public void statusCommandShowsTheNodeAndTheResource() throws Exception {
        await(dev.vigil.cluster.ClusterStatusService.class, null);
        awaitFilter("(osgi.command.scope=vigil)");
        String out = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            out = run("vigil:status");
            if (out.contains("DC: itest1")) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(out, out.contains("Local node: itest1"));
        assertTrue(out, out.contains("1 of 1 nodes, quorate, DC: itest1"));
        assertTrue(out, out.contains("spare"));
        assertTrue(out, out.contains("target-role=Stopped"));
    }

    @Test
    public void badInputToACommandIsAClearError() throws Exception {
        awaitFilter("(osgi.command.scope=vigil)");
        try {
            run("vigil:start no-such-resource");
            throw new AssertionError("starting an unknown resource must fail");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no-such-resource"));
        }
    }
}
