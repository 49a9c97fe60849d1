package dev.vigil.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only XML element that remembers its line, so that errors can point at it. Attributes
 * are kept as arrays, not a map, and a value is cut out of the document only when it is asked
 * for: a large CIB has hundreds of thousands of elements whose attributes are mostly never read
 * (transition keys, timings), and making strings of them all doubled the time and memory it
 * takes to read one.
 */
final class XmlElement {
    static final String[] NO_NAMES = new String[0];
    static final int[] NO_BOUNDS = new int[0];

    final String name;
    final int line;
    /** The document's UTF-8 bytes the values are cut from (values that are not ASCII are in {@link #decoded}). */
    private final byte[] text;
    /** Attribute names (shared strings) in document order. */
    private final String[] names;
    /** Where each raw value starts in {@link #text}: it ends at the quote that opened it (the byte before). */
    private final int[] bounds;
    /** Values that needed decoding (entities, white space), by attribute index; null if none did. */
    private final String[] decoded;
    final List<XmlElement> children = new ArrayList<>(0);

    XmlElement(String name, int line, byte[] text, String[] names, int[] bounds, String[] decoded) {
        this.name = name;
        this.line = line;
        this.text = text;
        this.names = names;
        this.bounds = bounds;
        this.decoded = decoded;
    }

    String attr(String key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
    }

    private int indexOf(String key) {
        int hash = key.hashCode();
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            // names are interned: a literal key is the same string; others are told apart by hash first
            if (n == key || (n.hashCode() == hash && n.equals(key))) {
                return i;
            }
        }
        return -1;
    }

    boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /**
     * The value if it is not one of {@code known} (or absent: null), else that known string: for
     * values repeated on many elements (operation names, digests), compared in place rather than
     * cut out of the document again.
     */
    String attrShared(String key, String... known) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        for (String k : known) {
            if (k != null && valueEquals(i, k)) {
                return k;
            }
        }
        return value(i);
    }

    /** Whether the attribute is present and its value starts with {@code prefix} (ASCII). */
    boolean attrStartsWith(String key, String prefix) {
        int i = indexOf(key);
        if (i < 0) {
            return false;
        }
        if (decoded != null && decoded[i] != null) {
            return decoded[i].startsWith(prefix);
        }
        int from = bounds[i];
        byte quote = text[from - 1];
        for (int j = 0; j < prefix.length(); j++) {
            if (text[from + j] == quote || text[from + j] != prefix.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The attribute as Long.parseLong reads it after trimming, {@code absent} when it is not
     * there, {@code invalid} when it is no number: read in place, no string made for it.
     */
    long longAttr(String key, long absent, long invalid) {
        int i = indexOf(key);
        if (i < 0) {
            return absent;
        }
        if (decoded == null || decoded[i] == null) {
            int from = bounds[i];
            byte quote = text[from - 1];
            int at = from;
            boolean negative = text[at] == '-';
            if (negative) {
                at++;
            }
            long v = 0;
            int digits = 0;
            while (text[at] >= '0' && text[at] <= '9' && digits < 18) {
                v = v * 10 + (text[at] - '0');
                at++;
                digits++;
            }
            if (digits > 0 && text[at] == quote) {
                return negative ? -v : v;
            }
        }
        try {
            return Long.parseLong(value(i).trim()); // the rare forms: spaces, a plus sign, long numbers
        } catch (NumberFormatException e) {
            return invalid;
        }
    }

    private boolean valueEquals(int i, String s) {
        if (decoded != null && decoded[i] != null) {
            return decoded[i].equals(s);
        }
        int from = bounds[i];
        byte quote = text[from - 1];
        int n = s.length();
        for (int j = 0; j < n; j++) {
            if (text[from + j] == quote || text[from + j] != s.charAt(j)) {
                return false;
            }
        }
        return text[from + n] == quote;
    }

    private String value(int i) {
        if (decoded != null && decoded[i] != null) {
            return decoded[i];
        }
        int from = bounds[i];
        byte quote = text[from - 1];
        int to = from;
        while (text[to] != quote) {
            to++;
        }
        return new String(text, from, to - from, StandardCharsets.ISO_8859_1); // ASCII: others are decoded
    }

    String attr(String key, String fallback) {
        String v = attr(key);
        return v == null ? fallback : v;
    }

    /** The attributes as a map, in document order. */
    Map<String, String> attributes() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], value(i));
        }
        return out;
    }

    List<XmlElement> children(String childName) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    XmlElement child(String childName) {
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** Parses a document (see {@link XmlScanner} for what is read and what is refused). */
    static XmlElement parse(String source, String text) {
        return XmlScanner.parse(source, text);
    }

    /** Parses a document given as its UTF-8 bytes. */
    static XmlElement parse(String source, byte[] utf8) {
        return XmlScanner.parse(source, utf8);
    }
}
