package dev.vigil.model;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes well-formed, indented XML: elements with attributes in the order given, every value
 * escaped ({@code & < > "}, and line breaks and tabs as character references so that they
 * survive attribute normalization). Characters XML 1.0 cannot carry at all are refused.
 */
final class XmlWriter {
    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();
    /** The element started last still takes attributes: its start tag is not closed yet. */
    private boolean tagOpen;

    /** Starts an element inside the current one. */
    XmlWriter start(String name) {
        closeStartTag();
        indent();
        out.append('<').append(name);
        open.push(name);
        tagOpen = true;
        return this;
    }

    /** An attribute of the element just started; a null value writes nothing. */
    XmlWriter attr(String name, Object value) {
        if (!tagOpen) {
            throw new IllegalStateException("attribute " + name + " after the content of <" + open.peek() + ">");
        }
        if (value != null) {
            out.append(' ').append(name).append("=\"").append(escape(value.toString())).append('"');
        }
        return this;
    }

    /** Ends the current element ({@code <x/>} when it has no content). */
    XmlWriter end() {
        String name = open.pop();
        if (tagOpen) {
            out.append("/>\n");
            tagOpen = false;
        } else {
            indent();
            out.append("</").append(name).append(">\n");
        }
        return this;
    }

    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("<" + open.peek() + "> is not closed");
        }
        return out.toString();
    }

    private void closeStartTag() {
        if (tagOpen) {
            out.append(">\n");
            tagOpen = false;
        }
    }

    private void indent() {
        out.append("  ".repeat(open.size()));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\n': b.append("&#10;"); break;
                case '\r': b.append("&#13;"); break;
                case '\t': b.append("&#9;"); break;
                default:
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        throw new IllegalArgumentException("character U+" + String.format("%04X", (int) c)
                                + " cannot be written in XML 1.0 (in '" + s + "')");
                    }
                    b.append(c);
            }
        }
        return b.toString();
    }
}
