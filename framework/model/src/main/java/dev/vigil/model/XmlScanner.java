package dev.vigil.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, single-pass reader of the XML a CIB is made of: elements and attributes, with
 * comments, processing instructions, CDATA and character data skipped (a CIB carries nothing
 * in text). It exists for speed: a 20 MB CIB is read several times faster than through SAX,
 * and reading dominates a scheduler run. It reads the UTF-8 bytes of the document as they are:
 * the characters XML's syntax is made of are all ASCII, and no byte of a multi-byte UTF-8
 * sequence is, so only names and values that hold other characters are decoded (strictly: a
 * byte sequence that is not UTF-8 is refused). Lines are counted on the way. It refuses what
 * it does not read (a DOCTYPE, so no external entities; unknown entity references) and every
 * well-formedness error it meets (mismatched or unclosed tags, duplicate attributes, a second
 * root, '<' in a value) with the line, as "not well-formed XML: ...". Element and attribute
 * names are shared strings; attribute values stay in the document until asked for (see
 * {@link XmlElement}).
 */
final class XmlScanner {
    private final String source;
    private final byte[] text;
    private final int end;
    private int pos;
    /** The line {@link #pos} is on: every newline passed over is counted. */
    private int line = 1;
    /** The names met so far, an open-addressing table probed without cutting a string first. */
    private String[] names = new String[256];
    /** The UTF-8 bytes and the hash of each name in {@link #names}, at the same index. */
    private byte[][] nameBytes = new byte[256][];
    private int[] nameHashes = new int[256];
    private int nameCount;
    /** The tag being read: its attribute names, value bounds and decoded values. */
    private String[] tagNames = new String[8];
    private int[] tagBounds = new int[8];
    private String[] tagDecoded = new String[8];
    private boolean tagHasDecoded;
    /** The second half of the document, being read by another thread; null when there is none (any more). */
    private Ahead ahead;
    /** When this scanner reads ahead: the elements of the level being read (see {@link Ahead}), else null. */
    private List<XmlElement> forest;
    /** When this scanner reads ahead: the levels read to their end tag. */
    private List<Level> levels;
    /** By element name, the attribute names of the last such element (see {@link #attributeNames}). */
    private final Map<String, String[]> lastAttributeNames = new HashMap<>();

    private XmlScanner(String source, byte[] text) {
        this.source = source;
        this.text = text;
        this.end = text.length;
    }

    static XmlElement parse(String source, String text) {
        return parse(source, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a document given as its UTF-8 bytes (which are kept: values are cut from them). */
    static XmlElement parse(String source, byte[] utf8) {
        XmlScanner scanner = new XmlScanner(source, utf8);
        if (utf8.length >= Ahead.FROM_SIZE && Runtime.getRuntime().availableProcessors() > 1) {
            scanner.ahead = Ahead.start(source, utf8);
        }
        return scanner.document();
    }

    private XmlElement document() {
        Deque<XmlElement> open = new ArrayDeque<>();
        XmlElement root = null;
        if (end >= 3 && text[0] == (byte) 0xEF && text[1] == (byte) 0xBB && text[2] == (byte) 0xBF) {
            pos = 3; // the byte order mark
        }
        while (true) {
            int lt = skipText(forest == null && open.isEmpty(), root != null);
            if (lt < 0) {
                if (forest != null) {
                    return null; // reading ahead: the levels closed so far are read
                }
                if (!open.isEmpty()) {
                    throw error(end, "element '" + open.peek().name + "' is not closed");
                }
                break;
            }
            if (ahead != null && lt >= ahead.split) {
                Ahead done = ahead;
                ahead = null;
                if (lt == done.split && adopt(done, open)) {
                    continue;
                }
            }
            pos = lt + 1;
            if (pos >= end) {
                throw error(lt, "document ends inside a tag");
            }
            byte c = text[pos];
            if (c == '?') {
                skipPast("?>", lt, "processing instruction");
            } else if (c == '!') {
                if (startsWith("!--", pos)) {
                    skipPast("-->", lt, "comment");
                } else if (startsWith("![CDATA[", pos)) {
                    if (open.isEmpty() && forest == null) {
                        throw error(lt, "character data outside the root element");
                    }
                    skipPast("]]>", lt, "CDATA section");
                } else if (startsWith("!DOCTYPE", pos)) {
                    throw error(lt, "DOCTYPE is disallowed (no DTDs or external entities in a CIB)");
                } else {
                    throw error(lt, "unexpected '<!'");
                }
            } else if (c == '/') {
                if (forest != null && open.isEmpty()) {
                    // reading ahead: the end of an element opened before the start, for the other thread to match
                    pos++;
                    String name = name();
                    skipSpace();
                    expect('>');
                    levels.add(new Level(forest, name, pos, line));
                    forest = new ArrayList<>();
                    continue;
                }
                pos++;
                String name = name();
                skipSpace();
                expect('>');
                if (open.isEmpty() || open.peek().name != name) { // names are shared strings
                    throw error(lt, "end tag '" + name + "' does not match "
                            + (open.isEmpty() ? "any open element" : "the open element '" + open.peek().name + "'"));
                }
                open.pop();
            } else {
                if (open.isEmpty() && root != null && forest == null) {
                    throw error(lt, "a second root element");
                }
                int tagLine = line;
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
                XmlElement e = new XmlElement(name, tagLine, text, attributeNames(name, count),
                        count == 0 ? XmlElement.NO_BOUNDS : Arrays.copyOf(tagBounds, count),
                        tagHasDecoded ? Arrays.copyOf(tagDecoded, count) : null);
                if (open.isEmpty() && forest != null) {
                    forest.add(e);
                } else if (open.isEmpty()) {
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
     * Passes over the text from {@link #pos} to the next '<' (returned, or -1 at the end),
     * counting its lines. Outside the root element only white space may appear; inside, the
     * text is character data the CIB does not use, checked only for being UTF-8.
     */
    private int skipText(boolean outside, boolean afterRoot) {
        byte[] t = text;
        int nonAscii = -1;
        for (int i = pos; i < end; i++) {
            byte c = t[i];
            if (c == '<') {
                if (nonAscii >= 0) {
                    checkUtf8(nonAscii, i);
                }
                return i;
            }
            if (c == '\n') {
                line++;
            } else if (outside && c != ' ' && c != '\t' && c != '\r') {
                throw error(i, afterRoot ? "content after the root element" : "content before the root element");
            } else if (c < 0 && nonAscii < 0) {
                nonAscii = i;
            }
        }
        if (nonAscii >= 0) {
            checkUtf8(nonAscii, end);
        }
        pos = end;
        return -1;
    }

    /**
     * Takes what the other thread read from here, level by level, while its end tags match the
     * open elements (a mismatch is left to be read again here, and reported). False if none did.
     */
    private boolean adopt(Ahead done, Deque<XmlElement> open) {
        boolean adopted = false;
        for (Level level : done.levels()) {
            if (open.isEmpty() || open.peek().name != level.endTag) { // names are shared strings
                break;
            }
            open.pop().children.addAll(level.elements);
            pos = level.after;
            line = level.lineAfter;
            adopted = true;
        }
        return adopted;
    }

    /**
     * The names of the tag's attributes as an array shared with the last element of the same
     * name that had the same ones (in a CIB, nearly all do): one array less per element.
     */
    private String[] attributeNames(String element, int count) {
        if (count == 0) {
            return XmlElement.NO_NAMES;
        }
        String[] last = lastAttributeNames.get(element);
        if (last != null && last.length == count) {
            int i = 0;
            while (i < count && last[i] == tagNames[i]) {
                i++;
            }
            if (i == count) {
                return last;
            }
        }
        String[] names = Arrays.copyOf(tagNames, count);
        lastAttributeNames.put(element, names);
        return names;
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
        byte c = text[pos];
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
            tagBounds = Arrays.copyOf(tagBounds, 2 * index);
        }
        tagNames[index] = name;
        tagDecoded[index] = value(index);
        if (tagDecoded[index] != null) {
            tagHasDecoded = true;
        }
    }

    /**
     * Reads a quoted value, records where it starts for attribute {@code index} and returns
     * null when the raw bytes are its text (ASCII, nothing to decode), else its decoded text.
     */
    private String value(int index) {
        if (pos >= end) {
            throw error(end, "document ends inside a tag");
        }
        byte quote = text[pos];
        if (quote != '"' && quote != '\'') {
            throw error(pos, "attribute value not quoted");
        }
        int start = ++pos;
        int startLine = line;
        byte[] t = text;
        boolean plain = true;
        int close = start;
        for (; close < end; close++) {
            byte c = t[close];
            if (c == quote) {
                break;
            }
            if (c == '<') {
                throw error(close, "'<' in an attribute value");
            }
            if (c == '\n') {
                line++;
                plain = false;
            } else if (c == '&' || c == '\t' || c == '\r' || c < 0) {
                plain = false;
            }
        }
        if (close >= end) {
            throw error(start, "attribute value not closed");
        }
        tagBounds[index] = start;
        pos = close + 1;
        return plain ? null : decodeValue(start, close, startLine);
    }

    /** The text of a value that holds entity references, white space to normalize or non-ASCII characters. */
    private String decodeValue(int start, int close, int startLine) {
        String raw = utf8(start, close);
        StringBuilder b = new StringBuilder(raw.length());
        int valueLine = startLine;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '&') {
                int semi = raw.indexOf(';', i);
                if (semi < 0) {
                    throw errorOnLine(valueLine, "'&' not followed by an entity reference");
                }
                b.append(entity(raw.substring(i + 1, semi), valueLine));
                i = semi;
            } else if (c == '\t' || c == '\n' || c == '\r') {
                b.append(' '); // attribute value normalization (XML 1.0, 3.3.3)
                if (c == '\r' && i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
                    i++;
                    c = '\n';
                }
                if (c == '\n') {
                    valueLine++;
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private String entity(String ref, int refLine) {
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
                    throw errorOnLine(refLine, "bad character reference '&" + ref + ";'");
                }
                throw errorOnLine(refLine, "unknown entity '&" + ref + ";'");
        }
    }

    private String name() {
        int start = pos;
        int hash = 0;
        byte[] t = text;
        int p = pos;
        while (p < end) {
            byte c = t[p];
            if (c == ' ' || c == '>' || c == '/' || c == '=' || c == '<' || c == '"' || c == '\''
                    || c == '\n' || c == '\t' || c == '\r') { // XML's white space is these four
                break;
            }
            hash = 31 * hash + c;
            p++;
        }
        pos = p;
        if (p == start) {
            throw error(start, "expected a name");
        }
        return shared(start, p, hash);
    }

    /** The shared string for the name text[from, to) with the given hash, made (and checked) on first sight. */
    private String shared(int from, int to, int hash) {
        int mask = names.length - 1;
        int length = to - from;
        byte[] t = text;
        probe:
        for (int i = hash & mask;; i = (i + 1) & mask) {
            byte[] known = nameBytes[i];
            if (known == null) {
                return add(i, from, to, hash);
            }
            if (nameHashes[i] != hash || known.length != length) {
                continue;
            }
            for (int k = 0; k < length; k++) {
                if (known[k] != t[from + k]) {
                    continue probe;
                }
            }
            return names[i];
        }
    }

    private String add(int slot, int from, int to, int hash) {
        String n = utf8(from, to);
        char first = n.charAt(0);
        if (!(Character.isLetter(first) || first == '_' || first == ':')) {
            throw error(from, "'" + n + "' is not a valid name");
        }
        n = n.intern(); // the same string as the literals callers ask for
        names[slot] = n;
        nameBytes[slot] = Arrays.copyOfRange(text, from, to);
        nameHashes[slot] = hash;
        if (++nameCount * 2 > names.length) {
            rehash();
        }
        return n;
    }

    private void rehash() {
        String[] oldNames = names;
        byte[][] oldBytes = nameBytes;
        int[] oldHashes = nameHashes;
        names = new String[oldNames.length * 2];
        nameBytes = new byte[names.length][];
        nameHashes = new int[names.length];
        int mask = names.length - 1;
        for (int j = 0; j < oldNames.length; j++) {
            if (oldNames[j] != null) {
                int i = oldHashes[j] & mask;
                while (names[i] != null) {
                    i = (i + 1) & mask;
                }
                names[i] = oldNames[j];
                nameBytes[i] = oldBytes[j];
                nameHashes[i] = oldHashes[j];
            }
        }
    }

    private boolean skipSpace() {
        int start = pos;
        byte[] t = text;
        int p = pos;
        while (p < end) {
            byte c = t[p];
            if (c == '\n') {
                line++;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
            p++;
        }
        pos = p;
        return p > start;
    }

    private void expect(char c) {
        if (pos >= end || text[pos] != c) {
            throw error(Math.min(pos, end), "expected '" + c + "'");
        }
        pos++;
    }

    private boolean startsWith(String ascii, int at) {
        if (at + ascii.length() > end) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (text[at + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Skips past {@code terminator}, counting the lines and checking the encoding of what it skips. */
    private void skipPast(String terminator, int from, String what) {
        byte first = (byte) terminator.charAt(0);
        int nonAscii = -1;
        for (int i = pos; i < end; i++) {
            byte c = text[i];
            if (c == first && startsWith(terminator, i)) {
                if (nonAscii >= 0) {
                    checkUtf8(nonAscii, i);
                }
                pos = i + terminator.length();
                return;
            }
            if (c == '\n') {
                line++;
            } else if (c < 0 && nonAscii < 0) {
                nonAscii = i;
            }
        }
        throw error(from, what + " not closed");
    }

    /** The text of bytes [from, to), refused if they are not UTF-8. */
    private String utf8(int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(text, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(from, "bytes that are not UTF-8");
        }
    }

    private void checkUtf8(int from, int to) {
        utf8(from, to);
    }

    /** The line of a byte offset, counted from the start: only for errors. */
    private int lineAt(int offset) {
        int n = 1;
        for (int i = 0; i < offset && i < end; i++) {
            if (text[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private ConfigException error(int offset, String message) {
        return errorOnLine(lineAt(offset), message);
    }

    private ConfigException errorOnLine(int errorLine, String message) {
        return new ConfigException(source, errorLine, "not well-formed XML: " + message);
    }

    /**
     * What a scanner reading ahead found between its start (or the previous level's end tag)
     * and an end tag of an element opened before its start: the elements, the end tag's name,
     * and the offset and line after it.
     */
    private record Level(List<XmlElement> elements, String endTag, int after, int lineAfter) {
    }

    /**
     * Reading a large document on two cores: a second thread reads from a start tag in its
     * middle to the end, as levels ({@link Level}): the elements up to the end tag of their
     * parent, then those up to the end tag of the grandparent, and so on. If this thread
     * arrives at that very tag between elements, each level whose end tag matches the element
     * open here is exactly what it would have read: it takes them and goes on after the last.
     * Otherwise (the tag was in a comment or a value), or from a level that does not match,
     * or one the other thread could not read to its end (not well-formed there), it reads on
     * itself, so that results and errors are those of one thread.
     */
    private static final class Ahead implements Runnable {
        /** Below this size a second thread costs more than it saves. */
        static final int FROM_SIZE = 4 << 20;
        private final String source;
        private final byte[] text;
        final int split;
        private final Thread thread;
        private List<Level> levels = List.of();

        private Ahead(String source, byte[] text, int split) {
            this.source = source;
            this.text = text;
            this.split = split;
            this.thread = new Thread(this, "xml-read-ahead");
            thread.setDaemon(true);
        }

        /** Starts reading from the first start tag after the middle; null if there is none. */
        static Ahead start(String source, byte[] text) {
            for (int i = text.length / 2; i + 1 < text.length; i++) {
                if (text[i] == '<') {
                    byte c = text[i + 1];
                    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                        Ahead a = new Ahead(source, text, i);
                        a.thread.start();
                        return a;
                    }
                }
            }
            return null;
        }

        @Override
        public void run() {
            XmlScanner s = new XmlScanner(source, text);
            s.forest = new ArrayList<>();
            s.levels = new ArrayList<>();
            s.pos = split;
            int lines = 1;
            for (int i = 0; i < split; i++) {
                if (text[i] == '\n') {
                    lines++;
                }
            }
            s.line = lines;
            try {
                s.document();
            } catch (RuntimeException e) {
                // not well-formed there: the levels read before stand, the rest is read in one thread
            }
            levels = s.levels;
        }

        /** Waits for the other thread; the levels it read to their end tag. */
        List<Level> levels() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            return levels;
        }
    }
}
