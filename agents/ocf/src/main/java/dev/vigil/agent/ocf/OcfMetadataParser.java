package dev.vigil.agent.ocf;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentMetadata;

/** Reads an OCF agent's {@code meta-data} XML: parameters with types and defaults, actions with timeouts. */
final class OcfMetadataParser {
    private OcfMetadataParser() {
    }

    static AgentMetadata parse(String spec, String xml) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException(spec + " printed meta-data that is not XML: " + e.getMessage(), e);
        }
        Element agent = doc.getDocumentElement();
        if (!agent.getTagName().equals("resource-agent")) {
            throw new IllegalStateException(spec + " meta-data has <" + agent.getTagName() + ">, not <resource-agent>");
        }
        List<AgentMetadata.Parameter> params = new ArrayList<>();
        for (Element p : children(agent, "parameters", "parameter")) {
            Element content = first(p, "content");
            params.add(AgentMetadata.Parameter.of(p.getAttribute("name"),
                    content == null ? "string" : content.getAttribute("type"),
                    content == null || !content.hasAttribute("default") ? null : content.getAttribute("default"),
                    "1".equals(p.getAttribute("required")), text(first(p, "shortdesc"))));
        }
        List<AgentMetadata.Action> actions = new ArrayList<>();
        for (Element a : children(agent, "actions", "action")) {
            AgentAction action;
            try {
                action = AgentAction.fromOcfName(a.getAttribute("name"));
            } catch (IllegalArgumentException e) {
                continue; // migrate_to, recover...: not actions Vigil calls (yet)
            }
            actions.add(AgentMetadata.Action.of(action, duration(a.getAttribute("timeout")),
                    duration(a.getAttribute("interval"))));
        }
        return AgentMetadata.of(spec, agent.getAttribute("version"), text(first(agent, "shortdesc")), params, actions);
    }

    private static Duration duration(String s) {
        if (s == null || s.isEmpty()) {
            return Duration.ZERO;
        }
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("min") || t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.replaceAll("[a-z]+$", "")));
            }
            return Duration.ofSeconds(Long.parseLong(t.replaceAll("s$", "")));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private static List<Element> children(Element parent, String container, String name) {
        List<Element> out = new ArrayList<>();
        Element c = first(parent, container);
        if (c != null) {
            NodeList l = c.getChildNodes();
            for (int i = 0; i < l.getLength(); i++) {
                Node n = l.item(i);
                if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                    out.add((Element) n);
                }
            }
        }
        return out;
    }

    private static Element first(Element parent, String name) {
        NodeList l = parent.getChildNodes();
        for (int i = 0; i < l.getLength(); i++) {
            Node n = l.item(i);
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }
}
