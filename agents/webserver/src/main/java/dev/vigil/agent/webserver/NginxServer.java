package dev.vigil.agent.webserver;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.support.ProcessResult;
import dev.vigil.agent.support.Configured;
import dev.vigil.agent.support.PidFile;
import dev.vigil.agent.support.ProcessRunner;
import dev.vigil.agent.support.Probes;

/**
 * nginx run from its own configuration file: started with {@code nginx -c FILE} after
 * {@code nginx -t} accepts the file, stopped gracefully with {@code -s quit} (then TERM, then
 * KILL), monitored by its pid file and the HTTP status of {@code status_url}.
 * Parameters: {@code configfile} (required), {@code status_url} (required), {@code pidfile}
 * (default /run/nginx.pid, as the file's {@code pid} directive says), {@code httpd}
 * (default /usr/sbin/nginx).
 */
final class NginxServer {
    private final ProcessRunner runner = new ProcessRunner();

    private static final class Settings {
        final Path config;
        final Path pidFile;
        final Path httpd;
        final URI statusUrl;

        Settings(Map<String, String> p) {
            String cfg = p.get("configfile");
            String url = p.get("status_url");
            if (cfg == null || cfg.isBlank()) {
                throw new IllegalArgumentException("parameter 'configfile' is required in nginx mode");
            }
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("parameter 'status_url' is required in nginx mode");
            }
            config = Path.of(cfg);
            pidFile = Path.of(p.getOrDefault("pidfile", "/run/nginx.pid"));
            httpd = Path.of(p.getOrDefault("httpd", "/usr/sbin/nginx"));
            try {
                statusUrl = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status_url '" + url + "' is not a URL");
            }
            if (!"http".equals(statusUrl.getScheme()) || statusUrl.getHost() == null) {
                throw new IllegalArgumentException("status_url '" + url + "' must be an http:// URL with a host");
            }
        }

        List<String> command(String... args) {
            List<String> c = new java.util.ArrayList<>(List.of(httpd.toString(), "-c", config.toString()));
            c.addAll(List.of(args));
            return c;
        }
    }

    AgentResult validate(AgentRequest request) {
        return Configured.run(request, r -> new Settings(r.parameters()), s -> validate(s, request));
    }

    private AgentResult validate(Settings s, AgentRequest request) {
        if (!Files.isExecutable(s.httpd)) {
            return AgentResult.of(OcfStatus.ERR_INSTALLED, s.httpd + " is not installed");
        }
        if (!Files.isReadable(s.config)) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, "cannot read " + s.config);
        }
        ProcessResult test = runner.finish(s.command("-t"), Duration.ofSeconds(10), null).orElse(null);
        if (test == null || test.exitCode() != 0) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, "nginx -t refused " + s.config + ": "
                    + (test == null ? "no answer" : ProcessResult.lastLine(test.stderr())));
        }
        return AgentResult.ok();
    }

    AgentResult start(AgentRequest request) {
        AgentResult valid = validate(request);
        if (valid.status() != OcfStatus.OK) {
            return valid;
        }
        Settings s = new Settings(request.parameters());
        if (master(s).isEmpty()) {
            ProcessResult r = runner.finish(s.command(), request.timeout(), null).orElse(null);
            if (r == null || r.exitCode() != 0) {
                return AgentResult.of(OcfStatus.ERR_GENERIC, "nginx did not start: "
                        + (r == null ? "no answer" : ProcessResult.lastLine(r.stderr())));
            }
        }
        long end = System.nanoTime() + request.timeout().toNanos();
        while (System.nanoTime() < end) {
            if (master(s).isPresent() && status(s) == 200) {
                return AgentResult.ok();
            }
            if (!sleep(100)) {
                break;
            }
        }
        return AgentResult.of(OcfStatus.ERR_GENERIC, "nginx started but " + s.statusUrl + " does not answer 200");
    }

    AgentResult stop(AgentRequest request) {
        return Configured.run(request, r -> new Settings(r.parameters()), s -> stop(s, request));
    }

    private AgentResult stop(Settings s, AgentRequest request) {
        Optional<ProcessHandle> master = master(s);
        if (master.isEmpty()) {
            return AgentResult.ok();
        }
        runner.finish(s.command("-s", "quit"), Duration.ofSeconds(10), null);
        if (!awaitExit(master.get(), request.timeout().dividedBy(2))) {
            master.get().destroy();
            if (!awaitExit(master.get(), Duration.ofSeconds(5))) {
                master.get().destroyForcibly();
                awaitExit(master.get(), Duration.ofSeconds(5));
            }
        }
        return PidFile.runs(master.get()) ? AgentResult.of(OcfStatus.ERR_GENERIC, "nginx would not stop")
                : AgentResult.ok();
    }

    AgentResult monitor(AgentRequest request) {
        return Configured.run(request, r -> new Settings(r.parameters()), s -> monitor(s, request));
    }

    private AgentResult monitor(Settings s, AgentRequest request) {
        if (master(s).isEmpty()) {
            return AgentResult.notRunning();
        }
        int status = status(s);
        return status == 200 ? AgentResult.ok()
                : AgentResult.of(OcfStatus.ERR_GENERIC, s.statusUrl + " answered " + (status < 0 ? "nothing" : status));
    }

    /** The nginx master named by the pid file, if it runs. */
    private static Optional<ProcessHandle> master(Settings s) {
        return PidFile.running(s.pidFile);
    }

    private static int status(Settings s) {
        try {
            return Probes.httpStatus(s.statusUrl, Duration.ofSeconds(2));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean awaitExit(ProcessHandle p, Duration within) {
        try {
            return PidFile.awaitExit(p, within);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !PidFile.runs(p);
        }
    }


    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
