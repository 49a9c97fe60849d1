package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    private static final String SAMPLE = String.join("\n",
            "# a comment",
            "property no-quorum-policy=stop",
            "rsc_defaults resource-stickiness=100",
            "node n1 attributes standby=on",
            "primitive web webserver \\",
            "    params address=127.0.0.1 port=8080 title=\"My site # 1\" \\",
            "    op monitor interval=10s timeout=20s on-fail=block \\",
            "    op start timeout=30s meta target-role=Started",
            "primitive ip ocf:heartbeat:IPaddr2 params ip=10.0.0.9",
            "location web-on-n2 web 50: n2",
            "");

    @Test
    void readsEveryStatement() {
        ClusterConfig c = new ConfigReader("sample").read(SAMPLE);
        assertEquals("stop", c.property("no-quorum-policy", null));
        assertEquals("100", c.resourceDefaults().get("resource-stickiness"));
        assertTrue(c.isStandby("n1"));
        Resource web = c.resource("web").orElseThrow();
        assertEquals("webserver", web.agentSpec());
        assertEquals("My site # 1", web.params().get("title"));
        assertEquals(Duration.ofSeconds(10), web.recurringMonitor().orElseThrow().interval());
        assertEquals("block", web.recurringMonitor().orElseThrow().onFail());
        assertEquals(Duration.ofSeconds(30), web.timeoutOf("start", Duration.ZERO));
        assertEquals("Started", web.meta().get("target-role"));
        Resource ip = c.resource("ip").orElseThrow();
        assertEquals("ocf", ip.agentClass());
        assertEquals("heartbeat", ip.agentProvider());
        assertEquals("IPaddr2", ip.agentType());
        assertEquals(Score.of(50), c.locations().get(0).score());
    }

    @Test
    void writingAndReadingBackGivesAnEqualConfiguration() {
        ClusterConfig c = new ConfigReader("sample").read(SAMPLE).withVersion(7);
        ClusterConfig back = new ConfigReader("written").read(ConfigWriter.write(c));
        assertEquals(c, back);
        assertEquals(7, back.version());
    }

    @Test
    void aMonitorMayBeForTheStoppedRoleAndIsWrittenBackSo() {
        ClusterConfig c = new ConfigReader("t").read("primitive web webserver op monitor interval=10s"
                + " op monitor interval=20s role=stopped\n");
        Operation watch = c.resource("web").orElseThrow().operations().get(1);
        assertEquals("Stopped", watch.role());
        assertEquals(c, new ConfigReader("written").read(ConfigWriter.write(c)));
        assertThrows(ConfigException.class, () -> new ConfigReader("t").read("location l web:Stopped 10: n1\n"),
                "only a monitor has a Stopped role");
    }

    @Test
    void errorsNameSourceLineAndReason() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigReader("cluster.conf")
                .read("property a=b\n\nprimitive web webserver params port\n"));
        assertEquals(3, e.line());
        assertEquals("cluster.conf", e.source());
        assertTrue(e.getMessage().contains("name=value"), e.getMessage());
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThrows(ConfigException.class, () -> new ConfigReader("x").read("colocate a b\n"));
        assertThrows(ConfigException.class, () -> new ConfigReader("x").read("primitive 9bad dummy\n"));
        assertThrows(ConfigException.class, () -> new ConfigReader("x").read("primitive a dummy op monitor every=1s\n"));
        assertThrows(ConfigException.class, () -> new ConfigReader("x").read("primitive a dummy\nprimitive a dummy\n"));
        assertThrows(ConfigException.class, () -> new ConfigReader("x").read("location l ghost 10: n1\n"));
        assertThrows(ConfigException.class, () -> new ConfigReader("x").read("primitive a dummy params x=\"open\n"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigReader("x").read("primitive a dummy op monitor interval=soon\n"));
        assertTrue(e.getMessage().contains("soon"), e.getMessage());
    }

    @Test
    void metaFallsBackToResourceDefaults() {
        ClusterConfig c = new ConfigReader("s").read(SAMPLE);
        Resource ip = c.resource("ip").orElseThrow();
        assertEquals("100", c.meta(ip, Resource.STICKINESS, "0"));
        ClusterConfig changed = c.withResourceMeta("ip", Resource.STICKINESS, "5");
        assertEquals("5", changed.meta(changed.resource("ip").orElseThrow(), Resource.STICKINESS, "0"));
        assertThrows(IllegalArgumentException.class, () -> c.withResourceMeta("nope", "k", "v"));
    }
}
