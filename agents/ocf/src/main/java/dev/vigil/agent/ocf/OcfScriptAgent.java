package dev.vigil.agent.ocf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.ProcessResult;
import dev.vigil.agent.support.ProcessRunner;

/**
 * One OCF resource agent script ({@code ROOT/resource.d/PROVIDER/TYPE}) behind the agent SPI.
 * Parameters go to the script as {@code OCF_RESKEY_*}, with the OCF and Pacemaker variables
 * scripts expect; the exit code maps to {@link OcfStatus}. A script that hangs is killed with
 * its whole process group at the deadline; one that answers with a code outside OCF's set, or
 * prints garbage, gets a clear ERR_GENERIC result naming what it did.
 */
final class OcfScriptAgent implements ResourceAgent {
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private final Path root;
    private final String provider;
    private final String type;
    private final Path script;
    private final ProcessRunner runner;
    private volatile AgentMetadata metadata;

    OcfScriptAgent(Path root, String provider, String type, ProcessRunner runner) {
        this.root = root;
        this.provider = provider;
        this.type = type;
        this.script = root.resolve("resource.d").resolve(provider).resolve(type);
        this.runner = runner;
    }

    /** The type resources name it by: {@code ocf:heartbeat:Dummy}. */
    String spec() {
        return "ocf:" + provider + ":" + type;
    }

    @Override
    public AgentMetadata metadata() {
        AgentMetadata m = metadata;
        if (m == null) {
            try {
                ProcessResult r = runner.run(List.of(script.toString(), "meta-data"), baseEnvironment(),
                        METADATA_TIMEOUT, null);
                if (r.timedOut() || r.exitCode() != 0) {
                    throw new IllegalStateException(spec() + " meta-data failed: "
                            + (r.timedOut() ? "timed out" : "exit code " + r.exitCode()));
                }
                m = OcfMetadataParser.parse(spec(), r.stdout());
            } catch (IOException e) {
                throw new IllegalStateException(spec() + " meta-data failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(spec() + " meta-data interrupted", e);
            }
            metadata = m;
        }
        return m;
    }

    @Override
    public AgentResult validate(AgentRequest request) {
        return call(request, "validate-all");
    }

    @Override
    public AgentResult start(AgentRequest request) {
        return call(request, "start");
    }

    @Override
    public AgentResult stop(AgentRequest request) {
        return call(request, "stop");
    }

    @Override
    public AgentResult monitor(AgentRequest request) {
        return call(request, "monitor");
    }

    @Override
    public AgentResult promote(AgentRequest request) {
        return call(request, "promote");
    }

    @Override
    public AgentResult demote(AgentRequest request) {
        return call(request, "demote");
    }

    @Override
    public AgentResult notify(AgentRequest request) {
        return call(request, "notify");
    }

    @Override
    public AgentResult reload(AgentRequest request) {
        return call(request, "reload");
    }

    /** The migration's nodes reach the script as OCF_RESKEY_CRM_meta_migrate_source and _target. */
    @Override
    public AgentResult migrateTo(AgentRequest request) {
        return call(request, "migrate_to");
    }

    @Override
    public AgentResult migrateFrom(AgentRequest request) {
        return call(request, "migrate_from");
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OCF_ROOT", root.toString());
        env.put("OCF_FUNCTIONS_DIR", root.resolve("lib/heartbeat").toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_RESOURCE_TYPE", type);
        env.put("OCF_RESOURCE_PROVIDER", provider);
        return env;
    }

    private AgentResult call(AgentRequest request, String action) {
        Map<String, String> env = baseEnvironment();
        for (Map.Entry<String, String> p : request.parameters().entrySet()) {
            if (!PARAMETER_NAME.matcher(p.getKey()).matches()) {
                return AgentResult.of(OcfStatus.ERR_CONFIGURED, "parameter name '" + p.getKey()
                        + "' cannot be passed to an OCF script (letters, digits and '_' only)");
            }
            env.put("OCF_RESKEY_" + p.getKey(), p.getValue());
        }
        env.put("OCF_RESOURCE_INSTANCE", request.resourceId());
        env.put("OCF_RESKEY_CRM_meta_interval", Long.toString(request.interval().toMillis()));
        env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(request.timeout().toMillis()));
        env.put("OCF_RESKEY_CRM_meta_on_node", request.context().nodeName());
        env.put("OCF_CHECK_LEVEL", Integer.toString(request.depth()));
        // A clone notification: Pacemaker's OCF_RESKEY_CRM_meta_notify_* (type, operation, lists).
        for (Map.Entry<String, String> v : request.notifyVariables().entrySet()) {
            if (PARAMETER_NAME.matcher(v.getKey()).matches()) {
                env.put("OCF_RESKEY_CRM_meta_" + v.getKey(), v.getValue());
            }
        }
        Path rscTmp = request.context().stateDirectory().resolve("rsctmp");
        try {
            Files.createDirectories(rscTmp);
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_PERM, "cannot create " + rscTmp + ": " + e.getMessage());
        }
        env.put("HA_RSCTMP", rscTmp.toString());
        if (!Files.isExecutable(script)) {
            return AgentResult.of(OcfStatus.ERR_INSTALLED, script + " is missing or not executable");
        }
        Path promotion;
        try {
            promotion = PromotionScoreBridge.prepare(request.context().stateDirectory(), request.resourceId(), env);
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_PERM, "cannot set up crm_master for the script: " + e.getMessage());
        }
        ProcessResult r;
        try {
            r = runner.run(List.of(script.toString(), action), env, request.timeout(), null);
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_INSTALLED, "cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AgentResult.of(OcfStatus.ERR_GENERIC, action + " interrupted; its process group was killed");
        }
        if (r.timedOut()) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, action + " did not finish within "
                    + request.timeout().toMillis() + " ms; its process group was killed");
        }
        OcfStatus status = OcfStatus.fromCode(r.exitCode());
        if (status.code() != r.exitCode()) {
            return AgentResult.of(OcfStatus.ERR_GENERIC, action + " exited with " + r.exitCode()
                    + ", which is not an OCF exit code" + lastLine(r.stderr()));
        }
        return PromotionScoreBridge.collect(promotion, AgentResult.of(status,
                status == OcfStatus.OK ? "" : lastLine(r.stderr()).replaceFirst("^: ", "")));
    }

    /** The script's last line on stderr, printable characters only, for the reason. */
    private static String lastLine(String stderr) {
        String[] lines = stderr.strip().split("\n");
        String last = lines[lines.length - 1].replaceAll("[^\\x20-\\x7E]", "?").strip();
        if (last.isEmpty()) {
            return "";
        }
        return ": " + (last.length() > 200 ? last.substring(0, 200) + "..." : last);
    }

    @Override
    public String toString() {
        return spec();
    }
}
