package dev.vigil.agent.ocf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentContext;
import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.ProcessRunner;

/**
 * The OCF bridge seen from outside as an OCF script again, so that Debian's {@code ocf-tester}
 * can drive it: {@code java BridgeCommandLine ROOT PROVIDER TYPE ACTION}. The OCF environment
 * ocf-tester sets (OCF_RESKEY_*, OCF_RESOURCE_INSTANCE, CRM_meta_interval, OCF_CHECK_LEVEL)
 * becomes an {@link AgentRequest}; the request goes through {@link OcfScriptAgent} exactly as
 * the executor sends it, and the result's OCF code is the exit code. meta-data is printed from
 * the parsed {@link AgentMetadata}, so ocf-tester's DTD check covers the parser too.
 */
public final class BridgeCommandLine {
    private BridgeCommandLine() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: BridgeCommandLine ROOT PROVIDER TYPE ACTION");
            System.exit(OcfStatus.ERR_ARGS.code());
        }
        OcfScriptAgent agent = new OcfScriptAgent(Path.of(args[0]), args[1], args[2], new ProcessRunner());
        if (args[3].equals("meta-data")) {
            System.out.print(OcfMetadataXml.render(agent.metadata()));
            System.exit(0);
        }
        AgentAction action;
        try {
            action = AgentAction.fromOcfName(args[3]);
        } catch (IllegalArgumentException e) {
            System.err.println("the bridge does not pass on '" + args[3] + "' (migrate_to, migrate_from...)");
            System.exit(OcfStatus.UNIMPLEMENTED.code());
            return;
        }
        AgentResult r = ResourceAgent.perform(agent, request(action));
        if (!r.reason().isEmpty()) {
            System.err.println(r.reason());
        }
        System.exit(r.status().code());
    }

    private static AgentRequest request(AgentAction action) {
        Map<String, String> env = System.getenv();
        Map<String, String> params = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("OCF_RESKEY_") && !k.startsWith("OCF_RESKEY_CRM_meta_")) {
                params.put(k.substring("OCF_RESKEY_".length()), v);
            }
        });
        Path state = Path.of(env.getOrDefault("VIGIL_BRIDGE_STATE", System.getProperty("java.io.tmpdir")));
        AgentContext context = new AgentContext() {
            @Override
            public String nodeName() {
                return "ocf-tester";
            }

            @Override
            public Path stateDirectory() {
                return state;
            }
        };
        long interval = Long.parseLong(env.getOrDefault("OCF_RESKEY_CRM_meta_interval", "0"));
        return AgentRequest.builder(env.getOrDefault("OCF_RESOURCE_INSTANCE", "rsc"), action, context)
                .parameters(params).interval(Duration.ofMillis(interval))
                .depth(Integer.parseInt(env.getOrDefault("OCF_CHECK_LEVEL", "0")))
                .timeout(Duration.ofSeconds(60)).build();
    }
}
