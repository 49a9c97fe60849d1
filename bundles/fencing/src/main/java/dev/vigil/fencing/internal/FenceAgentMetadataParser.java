package dev.vigil.fencing.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDeviceMetadata;

/**
 * Reads a {@code fence_*} agent's {@code -o metadata}: {@code <resource-agent name shortdesc>}
 * with {@code <parameters><parameter name required>} and {@code <actions><action name>}.
 */
final class FenceAgentMetadataParser {
    private FenceAgentMetadataParser() {
    }

    /** @throws IllegalArgumentException naming the agent when the text is not fence agent metadata */
    static FenceDeviceMetadata parse(String type, String xml) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException(type + " printed metadata that is not XML: " + e.getMessage(), e);
        }
        Element agent = doc.getDocumentElement();
        if (!agent.getTagName().equals("resource-agent")) {
            throw new IllegalArgumentException(type + " metadata has <" + agent.getTagName()
                    + ">, not <resource-agent>");
        }
        List<FenceDeviceMetadata.Parameter> params = new ArrayList<>();
        for (Element p : children(agent, "parameters", "parameter")) {
            Element desc = first(p, "shortdesc");
            params.add(FenceDeviceMetadata.Parameter.of(p.getAttribute("name"), "1".equals(p.getAttribute("required")),
                    desc == null ? "" : desc.getTextContent().strip()));
        }
        Set<FenceAction> actions = EnumSet.noneOf(FenceAction.class);
        for (Element a : children(agent, "actions", "action")) {
            try {
                actions.add(FenceAction.parse(a.getAttribute("name")));
            } catch (IllegalArgumentException e) {
                // metadata, manpage, validate-all: not fencing actions
            }
        }
        String description = agent.getAttribute("shortdesc");
        if (description.isEmpty() && first(agent, "shortdesc") != null) {
            description = first(agent, "shortdesc").getTextContent().strip();
        }
        return FenceDeviceMetadata.of(type, description, params, actions);
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
}
