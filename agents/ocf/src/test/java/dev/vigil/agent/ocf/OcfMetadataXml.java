package dev.vigil.agent.ocf;

import java.time.Duration;
import java.util.Set;

import dev.vigil.agent.AgentMetadata;

/** Writes {@link AgentMetadata} back as OCF meta-data XML that validates against ra-api-1.dtd. */
final class OcfMetadataXml {
    private static final Set<String> DTD_TYPES = Set.of("string", "integer", "boolean", "time");

    private OcfMetadataXml() {
    }

    static String render(AgentMetadata m) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n");
        x.append("<resource-agent name=\"").append(escape(m.name())).append("\" version=\"")
                .append(escape(m.version())).append("\">\n");
        x.append("<version>1.0</version>\n");
        x.append("<longdesc lang=\"en\">").append(escape(m.shortDescription())).append("</longdesc>\n");
        x.append("<shortdesc lang=\"en\">").append(escape(m.shortDescription())).append("</shortdesc>\n");
        x.append("<parameters>\n");
        for (AgentMetadata.Parameter p : m.parameters()) {
            x.append("<parameter name=\"").append(escape(p.name())).append("\" required=\"")
                    .append(p.required() ? 1 : 0).append("\">\n");
            x.append("<longdesc lang=\"en\">").append(escape(p.shortDescription())).append("</longdesc>\n");
            x.append("<shortdesc lang=\"en\">").append(escape(p.shortDescription())).append("</shortdesc>\n");
            x.append("<content type=\"").append(DTD_TYPES.contains(p.type()) ? p.type() : "string").append('"');
            if (p.defaultValue() != null) {
                x.append(" default=\"").append(escape(p.defaultValue())).append('"');
            }
            x.append("/>\n</parameter>\n");
        }
        x.append("</parameters>\n<actions>\n");
        for (AgentMetadata.Action a : m.actions()) {
            x.append("<action name=\"").append(a.action().ocfName()).append("\" timeout=\"")
                    .append(seconds(a.timeout())).append('"');
            if (!a.interval().isZero()) {
                x.append(" interval=\"").append(seconds(a.interval())).append('"');
            }
            x.append("/>\n");
        }
        x.append("</actions>\n</resource-agent>\n");
        return x.toString();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
