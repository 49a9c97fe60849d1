package dev.vigil.agent.webserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.Probes;

/**
 * A web server resource. {@code mode=embedded} (the default) serves HTTP from inside the node's
 * JVM on {@code address}:{@code port}, answering with the node's name; monitor checks that
 * this node's server answers 200 to a real HTTP request. {@code mode=nginx} runs nginx from its
 * configuration file (see {@link NginxServer}).
 */
@Component(property = ResourceAgent.TYPE_PROPERTY + "=webserver")
public final class WebServerAgent implements ResourceAgent {
    private static final AgentMetadata METADATA = AgentMetadata.of("webserver", "1.0",
            "Web server (embedded HTTP server answering with the node name)",
            List.of(AgentMetadata.Parameter.of("mode", "string", "embedded", false, "embedded or nginx"),
                    AgentMetadata.Parameter.of("configfile", "string", null, false, "nginx: its configuration file"),
                    AgentMetadata.Parameter.of("status_url", "string", null, false,
                            "nginx: URL that must answer 200"),
                    AgentMetadata.Parameter.of("pidfile", "string", "/run/nginx.pid", false,
                            "nginx: the pid file its configuration names"),
                    AgentMetadata.Parameter.of("address", "string", "127.0.0.1", false, "Address to listen on"),
                    AgentMetadata.Parameter.of("port", "integer", null, false,
                            "embedded: port to listen on (required in that mode)")),
            AgentMetadata.Action.startStopMonitor(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(5)));

    private final Map<String, EmbeddedHttpServer> servers = new ConcurrentHashMap<>();
    private final NginxServer nginx = new NginxServer();

    private static boolean nginxMode(AgentRequest request) {
        return "nginx".equals(request.parameter("mode", "embedded"));
    }

    @Override
    public AgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public AgentResult validate(AgentRequest request) {
        if (nginxMode(request)) {
            return nginx.validate(request);
        }
        try {
            address(request);
        } catch (IllegalArgumentException e) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, e.getMessage());
        }
        String mode = request.parameter("mode", "embedded");
        if (!mode.equals("embedded")) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, "mode '" + mode + "' is not supported (embedded, nginx)");
        }
        return AgentResult.ok();
    }

    @Override
    public synchronized AgentResult start(AgentRequest request) {
        if (nginxMode(request)) {
            return nginx.start(request);
        }
        AgentResult valid = validate(request);
        if (valid.status() != OcfStatus.OK) {
            return valid;
        }
        EmbeddedHttpServer running = servers.get(request.resourceId());
        if (running != null && running.isOpen()) {
            return AgentResult.ok();
        }
        try {
            servers.put(request.resourceId(), new EmbeddedHttpServer(address(request),
                    request.context().nodeName() + "\n"));
            return AgentResult.ok();
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, e.getMessage());
        }
    }

    @Override
    public synchronized AgentResult stop(AgentRequest request) {
        if (nginxMode(request)) {
            return nginx.stop(request);
        }
        EmbeddedHttpServer s = servers.remove(request.resourceId());
        if (s != null) {
            s.close();
        }
        return AgentResult.ok();
    }

    @Override
    public AgentResult monitor(AgentRequest request) {
        if (nginxMode(request)) {
            return nginx.monitor(request);
        }
        EmbeddedHttpServer s = servers.get(request.resourceId());
        if (s == null || !s.isOpen()) {
            return AgentResult.notRunning();
        }
        try {
            InetSocketAddress a = address(request);
            int status = Probes.httpStatus(java.net.URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/"),
                    Duration.ofSeconds(2));
            return status == 200 ? AgentResult.ok()
                    : AgentResult.of(OcfStatus.ERR_GENERIC, "HTTP status " + status);
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, "no HTTP answer: " + e.getMessage());
        }
    }

    private static InetSocketAddress address(AgentRequest request) {
        String port = request.parameter("port", null);
        if (port == null) {
            throw new IllegalArgumentException("parameter 'port' is required");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + port + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is out of range");
        }
        return new InetSocketAddress(request.parameter("address", "127.0.0.1"), p);
    }

    @Deactivate
    void deactivate() {
        servers.values().forEach(EmbeddedHttpServer::close);
        servers.clear();
    }
}
