package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A read-only XML element that remembers its line, so that errors can point at it. Attributes
 * are kept as one array of names and values, not a map: a large CIB has hundreds of thousands
 * of elements with a few attributes each, and maps would double the memory it takes to read.
 */
final class XmlElement {
    private static final String[] NONE = new String[0];

    final String name;
    final int line;
    /** Name, value, name, value ... in document order. */
    private final String[] attributes;
    final List<XmlElement> children = new ArrayList<>(0);

    XmlElement(String name, int line, List<String> namesAndValues) {
        this.name = name;
        this.line = line;
        this.attributes = namesAndValues.isEmpty() ? NONE : namesAndValues.toArray(NONE);
    }

    String attr(String key) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i].equals(key)) {
                return attributes[i + 1];
            }
        }
        return null;
    }

    String attr(String key, String fallback) {
        String v = attr(key);
        return v == null ? fallback : v;
    }

    /** The attributes as a map, in document order. */
    Map<String, String> attributes() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            out.put(attributes[i], attributes[i + 1]);
        }
        return out;
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
