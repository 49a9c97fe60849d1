package dev.vigil.model;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A strict, single-pass reader of the XML a CIB is made of: elements and attributes, with
 * comments, processing instructions, CDATA and character data skipped (a CIB carries nothing
 * in text). It exists for speed: a 20 MB CIB is read several times faster than through SAX,
 * and reading dominates a scheduler run. It refuses what it does not read (a DOCTYPE, so no
 * external entities; unknown entity references) and every well-formedness error it meets
 * (mismatched or unclosed tags, duplicate attributes, a second root, '<' in a value) with
 * the line, as "not well-formed XML: ...". Element and attribute names are shared strings;
 * attribute values stay in the document until asked for (see {@link XmlElement}).
 */
final class XmlScanner {
    private final String source;
    private final String text;
    private final int end;
    private int pos;
    private int line = 1;
    /** Where {@link #line} was last counted up to: lines are counted lazily, only when asked. */
    private int lineCountedTo;
    /** The names met so far, an open-addressing table probed without cutting a string first. */
    private String[] names = new String[256];
    private int nameCount;
    /** The tag being read: its attribute names, value bounds and decoded values. */
    private String[] tagNames = new String[8];
    private int[] tagBounds = new int[16];
    private String[] tagDecoded = new String[8];
    private boolean tagHasDecoded;

    private XmlScanner(String source, String text) {
        this.source = source;
        this.text = text;
        this.end = text.length();
    }

    static XmlElement parse(String source, String text) {
        return new XmlScanner(source, text).document();
    }

    private XmlElement document() {
        Deque<XmlElement> open = new ArrayDeque<>();
        XmlElement root = null;
        if (text.startsWith("\uFEFF")) {
            pos = 1;
        }
        while (true) {
            int lt = text.indexOf('<', pos);
            if (lt < 0) {
                if (!open.isEmpty()) {
                    throw error(end, "element '" + open.peek().name + "' is not closed");
                }
                checkOnlySpace(pos, end, root != null);
                break;
            }
            if (open.isEmpty()) {
                checkOnlySpace(pos, lt, root != null);
            }
            pos = lt + 1;
            if (pos >= end) {
                throw error(lt, "document ends inside a tag");
            }
            char c = text.charAt(pos);
            if (c == '?') {
                skipPast("?>", lt, "processing instruction");
            } else if (c == '!') {
                if (text.startsWith("!--", pos)) {
                    skipPast("-->", lt, "comment");
                } else if (text.startsWith("![CDATA[", pos)) {
                    if (open.isEmpty()) {
                        throw error(lt, "character data outside the root element");
                    }
                    skipPast("]]>", lt, "CDATA section");
                } else if (text.startsWith("!DOCTYPE", pos)) {
                    throw error(lt, "DOCTYPE is disallowed (no DTDs or external entities in a CIB)");
                } else {
                    throw error(lt, "unexpected '<!'");
                }
            } else if (c == '/') {
                pos++;
                String name = name();
                skipSpace();
                expect('>');
                if (open.isEmpty() || !open.peek().name.equals(name)) {
                    throw error(lt, "end tag '" + name + "' does not match "
                            + (open.isEmpty() ? "any open element" : "the open element '" + open.peek().name + "'"));
                }
                open.pop();
            } else {
                if (open.isEmpty() && root != null) {
                    throw error(lt, "a second root element");
                }
                int tagLine = lineAt(lt);
                String name = name();
                int count = 0;
                tagHasDecoded = false;
                boolean empty;
                while (true) {
                    int closed = endOfTag();
                    if (closed >= 0) {
                        empty = closed == 1;
                        break;
                    }
                    attribute(count++);
                }
                XmlElement e = new XmlElement(name, tagLine, text,
                        count == 0 ? XmlElement.NO_NAMES : Arrays.copyOf(tagNames, count),
                        count == 0 ? XmlElement.NO_BOUNDS : Arrays.copyOf(tagBounds, 2 * count),
                        tagHasDecoded ? Arrays.copyOf(tagDecoded, count) : null);
                if (open.isEmpty()) {
                    root = e;
                } else {
                    open.peek().children.add(e);
                }
                if (!empty) {
                    open.push(e);
                }
            }
        }
        if (root == null) {
            throw new ConfigException(source, 1, "empty document");
        }
        return root;
    }

    /**
     * After white space: 0 if the tag ends with {@code >}, 1 if with {@code />}, -1 if an
     * attribute follows (which must then be preceded by white space).
     */
    private int endOfTag() {
        boolean spaced = skipSpace();
        if (pos >= end) {
            throw error(end, "document ends inside a tag");
        }
        char c = text.charAt(pos);
        if (c == '>') {
            pos++;
            return 0;
        }
        if (c == '/') {
            pos++;
            expect('>');
            return 1;
        }
        if (!spaced) {
            throw error(pos, "expected white space before an attribute");
        }
        return -1;
    }

    /** Reads the tag's attribute number {@code index} into the tag arrays. */
    private void attribute(int index) {
        int at = pos;
        String name = name();
        skipSpace();
        expect('=');
        skipSpace();
        for (int i = 0; i < index; i++) {
            if (tagNames[i] == name) { // names are shared strings
                throw error(at, "attribute '" + name + "' appears twice");
            }
        }
        if (index == tagNames.length) {
            tagNames = Arrays.copyOf(tagNames, 2 * index);
            tagDecoded = Arrays.copyOf(tagDecoded, 2 * index);
            tagBounds = Arrays.copyOf(tagBounds, 4 * index);
        }
        tagNames[index] = name;
        tagDecoded[index] = value(index);
        if (tagDecoded[index] != null) {
            tagHasDecoded = true;
        }
    }

    /**
     * Reads a quoted value, records its raw bounds for attribute {@code index} and returns
     * null, or, when it holds entity references or white space to normalize, its decoded text.
     */
    private String value(int index) {
        if (pos >= end) {
            throw error(end, "document ends inside a tag");
        }
        char quote = text.charAt(pos);
        if (quote != '"' && quote != '\'') {
            throw error(pos, "attribute value not quoted");
        }
        int start = ++pos;
        int close = text.indexOf(quote, start);
        if (close < 0) {
            throw error(start, "attribute value not closed");
        }
        tagBounds[2 * index] = start;
        tagBounds[2 * index + 1] = close;
        StringBuilder b = null;
        int copied = start;
        for (int i = start; i < close; i++) {
            char c = text.charAt(i);
            if (c == '<') {
                throw error(i, "'<' in an attribute value");
            }
            if (c == '&' || c == '\t' || c == '\n' || c == '\r') {
                if (b == null) {
                    b = new StringBuilder(close - start);
                }
                b.append(text, copied, i);
                if (c == '&') {
                    int semi = text.indexOf(';', i);
                    if (semi < 0 || semi > close) {
                        throw error(i, "'&' not followed by an entity reference");
                    }
                    b.append(entity(text.substring(i + 1, semi), i));
                    i = semi;
                } else {
                    b.append(' '); // attribute value normalization (XML 1.0, 3.3.3)
                    if (c == '\r' && i + 1 < close && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                copied = i + 1;
            }
        }
        pos = close + 1;
        return b == null ? null : b.append(text, copied, close).toString();
    }

    private String entity(String ref, int at) {
        switch (ref) {
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "amp":
                return "&";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            default:
                try {
                    if (ref.startsWith("#x")) {
                        return new String(Character.toChars(Integer.parseInt(ref.substring(2), 16)));
                    }
                    if (ref.startsWith("#")) {
                        return new String(Character.toChars(Integer.parseInt(ref.substring(1))));
                    }
                } catch (IllegalArgumentException e) {
                    throw error(at, "bad character reference '&" + ref + ";'");
                }
                throw error(at, "unknown entity '&" + ref + ";'");
        }
    }

    private String name() {
        int start = pos;
        int hash = 0;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '>' || c == '/' || c == '=' || c == '<' || c == '"' || c == '\''
                    || c == '\n' || c == '\t' || c == '\r') { // XML's white space is these four
                break;
            }
            hash = 31 * hash + c;
            pos++;
        }
        if (pos == start) {
            throw error(start, "expected a name");
        }
        char first = text.charAt(start);
        if (!(Character.isLetter(first) || first == '_' || first == ':')) {
            throw error(start, "'" + text.substring(start, pos) + "' is not a valid name");
        }
        return shared(start, pos, hash);
    }

    /** The shared string for the name text[from, to) with the given hash, made on first sight. */
    private String shared(int from, int to, int hash) {
        int mask = names.length - 1;
        int length = to - from;
        for (int i = hash & mask;; i = (i + 1) & mask) {
            String n = names[i];
            if (n == null) {
                n = text.substring(from, to).intern(); // the same string as the literals callers ask for
                names[i] = n;
                if (++nameCount * 2 > names.length) {
                    rehash();
                }
                return n;
            }
            if (n.length() == length && text.regionMatches(from, n, 0, length)) {
                return n;
            }
        }
    }

    private void rehash() {
        String[] old = names;
        names = new String[old.length * 2];
        int mask = names.length - 1;
        for (String n : old) {
            if (n != null) {
                int i = n.hashCode() & mask;
                while (names[i] != null) {
                    i = (i + 1) & mask;
                }
                names[i] = n;
            }
        }
    }

    private boolean skipSpace() {
        int start = pos;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                break;
            }
            pos++;
        }
        return pos > start;
    }

    private void expect(char c) {
        if (pos >= end || text.charAt(pos) != c) {
            throw error(Math.min(pos, end), "expected '" + c + "'");
        }
        pos++;
    }

    private void skipPast(String terminator, int from, String what) {
        int i = text.indexOf(terminator, pos);
        if (i < 0) {
            throw error(from, what + " not closed");
        }
        pos = i + terminator.length();
    }

    /** Outside the root element only white space may appear (comments and PIs are handled apart). */
    private void checkOnlySpace(int from, int to, boolean afterRoot) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                throw error(i, afterRoot ? "content after the root element" : "content before the root element");
            }
        }
    }

    private int lineAt(int offset) {
        if (offset < lineCountedTo) {
            lineCountedTo = 0;
            line = 1;
        }
        // indexOf jumps from line end to line end, far faster than looking at every character
        for (int nl = text.indexOf('\n', lineCountedTo); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
            line++;
        }
        lineCountedTo = offset;
        return line;
    }

    private ConfigException error(int offset, String message) {
        return new ConfigException(source, lineAt(offset), "not well-formed XML: " + message);
    }
}
