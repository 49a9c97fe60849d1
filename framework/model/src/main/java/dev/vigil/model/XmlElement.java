package dev.vigil.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A read-only XML element that remembers its line, so that errors can point at it. */
final class XmlElement {
    final String name;
    final int line;
    final Map<String, String> attributes;
    final List<XmlElement> children = new ArrayList<>();

    XmlElement(String name, int line, Map<String, String> attributes) {
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

    /** Parses a document (see {@link XmlScanner} for what is read and what is refused). */
    static XmlElement parse(String source, String text) {
        return XmlScanner.parse(source, text);
    }
}
