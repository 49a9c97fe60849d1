package dev.vigil.model;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** A read-only XML element that remembers its line, so that errors can point at it. */
final class XmlElement {
    final String name;
    final int line;
    final Map<String, String> attributes;
    final List<XmlElement> children = new ArrayList<>();

    private XmlElement(String name, int line, Map<String, String> attributes) {
        this.name = name;
        this.line = line;
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    String attr(String key) {
        return attributes.get(key);
    }

    String attr(String key, String fallback) {
        return attributes.getOrDefault(key, fallback);
    }

    List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).collect(Collectors.toList());
    }

    XmlElement child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst().orElse(null);
    }

    /** Parses a document with external entities and DTDs disabled. */
    static XmlElement parse(String source, String text) {
        Deque<XmlElement> stack = new ArrayDeque<>();
        XmlElement[] root = new XmlElement[1];
        DefaultHandler handler = new DefaultHandler() {
            private Locator locator;

            @Override
            public void setDocumentLocator(Locator l) {
                locator = l;
            }

            @Override
            public void startElement(String uri, String local, String qName, Attributes atts) {
                Map<String, String> a = new LinkedHashMap<>();
                for (int i = 0; i < atts.getLength(); i++) {
                    a.put(atts.getQName(i), atts.getValue(i));
                }
                XmlElement e = new XmlElement(qName, locator == null ? 0 : locator.getLineNumber(), a);
                if (stack.isEmpty()) {
                    root[0] = e;
                } else {
                    stack.peek().children.add(e);
                }
                stack.push(e);
            }

            @Override
            public void endElement(String uri, String local, String qName) {
                stack.pop();
            }
        };
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.newSAXParser().parse(new InputSource(new StringReader(text)), handler);
        } catch (SAXParseException e) {
            throw new ConfigException(source, e.getLineNumber(), "not well-formed XML: " + e.getMessage());
        } catch (SAXException | ParserConfigurationException | IOException e) {
            throw new ConfigException(source, 0, "cannot parse XML: " + e.getMessage());
        }
        if (root[0] == null) {
            throw new ConfigException(source, 1, "empty document");
        }
        return root[0];
    }
}
