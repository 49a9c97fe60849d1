package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class XmlScannerTest {
    private static ConfigException refused(String xml) {
        return assertThrows(ConfigException.class, () -> XmlScanner.parse("t.xml", xml));
    }

    @Test
    void readsElementsAttributesAndTheirLines() {
        XmlElement root = XmlScanner.parse("t", "\uFEFF<?xml version=\"1.0\"?>\n<!-- a comment -->\n<cib a='1'>\n"
                + "  <x id=\"x1\" v='a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#65;&#x42;'/>\n"
                + "  <y id='y'>text <![CDATA[<not-an-element/>]]> more<?pi x?><z/></y>\n</cib>\n<!-- after -->\n");
        assertEquals("cib", root.name);
        assertEquals(3, root.line);
        assertEquals(Map.of("a", "1"), root.attributes());
        XmlElement x = root.child("x");
        assertEquals(4, x.line);
        assertEquals("a <b> & \"c\" 'd' AB", x.attr("v"));
        assertEquals(List.of("z"), root.child("y").children.stream().map(c -> c.name).toList());
        assertEquals(5, root.child("y").child("z").line);
    }

    @Test
    void normalizesWhiteSpaceInValuesAsXmlDoes() {
        XmlElement e = XmlScanner.parse("t", "<a v='one\ttwo\r\nthree\nfour'/>");
        assertEquals("one two three four", e.attr("v"));
    }

    @Test
    void keepsEveryValueOfManyAttributesAndManyNames() {
        StringBuilder xml = new StringBuilder("<r>");
        for (int i = 0; i < 300; i++) {
            xml.append("<e").append(i).append(" plain='p").append(i).append("' coded='&lt;").append(i)
                    .append("' a").append(i % 20).append("='").append(i).append("'/>");
        }
        StringBuilder wide = new StringBuilder("<w");
        for (int i = 0; i < 40; i++) {
            wide.append(" k").append(i).append("='").append(i % 3 == 0 ? "&amp;" : "").append(i).append('\'');
        }
        XmlElement root = XmlScanner.parse("t", xml.append(wide).append("/></r>").toString());
        for (int i = 0; i < 300; i++) {
            XmlElement e = root.child("e" + i);
            assertEquals("p" + i, e.attr("plain"));
            assertEquals("<" + i, e.attr("coded"));
            assertEquals(String.valueOf(i), e.attr("a" + (i % 20)));
            assertEquals(null, e.attr("a" + ((i + 1) % 20)));
        }
        Map<String, String> all = root.child("w").attributes();
        assertEquals(40, all.size());
        for (int i = 0; i < 40; i++) {
            assertEquals((i % 3 == 0 ? "&" : "") + i, all.get("k" + i));
        }
        assertTrue(refused("<a x1='1' b='1' c='1' d='1' e='1' f='1' g='1' h='1' i='1' x1='2'/>")
                .getMessage().contains("attribute 'x1' appears twice"));
    }

    @Test
    void refusesWhatIsNotWellFormedWithTheLine() {
        ConfigException e = refused("<cib>\n<x>\n</cib>");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("not well-formed XML: end tag 'cib' does not match the open element 'x'"),
                e.getMessage());
        assertTrue(refused("<a/><b/>").getMessage().contains("a second root element"));
        assertTrue(refused("<a x='1' x='2'/>").getMessage().contains("attribute 'x' appears twice"));
        assertTrue(refused("<a x='<'/>").getMessage().contains("'<' in an attribute value"));
        assertTrue(refused("<a x='&bogus;'/>").getMessage().contains("unknown entity '&bogus;'"));
        assertTrue(refused("<a x=1/>").getMessage().contains("attribute value not quoted"));
        assertTrue(refused("<a x='1'y='2'/>").getMessage().contains("white space before an attribute"));
        assertTrue(refused("<a><b></a>").getMessage().contains("does not match"));
        assertTrue(refused("<a>").getMessage().contains("element 'a' is not closed"));
        assertTrue(refused("text<a/>").getMessage().contains("content before the root element"));
        assertTrue(refused("<a/>tail").getMessage().contains("content after the root element"));
        assertTrue(refused("<a><!-- open </a>").getMessage().contains("comment not closed"));
        assertTrue(refused("<1a/>").getMessage().contains("is not a valid name"));
        assertTrue(refused("<!DOCTYPE a [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><a>&e;</a>").getMessage()
                .contains("DOCTYPE is disallowed"));
        assertEquals("empty document", refused("  ").getMessage().replaceAll(".*: ", ""));
    }

    @Test
    void readsUtf8BytesAndCountsLinesInValuesCommentsAndText() {
        String xml = "<cib d='caf\u00e9 \u65e5\u672c'>\n<!-- \u00fcber\nzwei -->\n<x v='a\nb' w=\"&#xe9;\u00e9\"/>"
                + "text \u00e9\n<\u00e9l\u00e9ment id='\u00e9'/>\n</cib>";
        XmlElement root = XmlScanner.parse("t", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals("caf\u00e9 \u65e5\u672c", root.attr("d"));
        XmlElement x = root.child("x");
        assertEquals(4, x.line);
        assertEquals("a b", x.attr("v"));
        assertEquals("\u00e9\u00e9", x.attr("w"));
        XmlElement e = root.child("\u00e9l\u00e9ment");
        assertEquals(6, e.line);
        assertEquals("\u00e9", e.attr("id"));
        assertEquals(Map.of("id", "\u00e9"), e.attributes());
    }

    @Test
    void refusesBytesThatAreNotUtf8WhereverTheyAre() {
        byte[] latin1 = "<a>\n<b v='caf\u00e9'/></a>".getBytes(StandardCharsets.ISO_8859_1);
        ConfigException e = assertThrows(ConfigException.class, () -> XmlScanner.parse("t", latin1));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        byte[] inComment = "<a><!-- caf\u00e9 --></a>".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(assertThrows(ConfigException.class, () -> XmlScanner.parse("t", inComment)).getMessage()
                .contains("not UTF-8"));
    }

    /** A document of {@code n} lines of the form {@code <e i='K'/>} in nested sections, over 4 MB. */
    private static String large(int n, String middle) {
        StringBuilder b = new StringBuilder("<cib>\n<status>\n<node id='a'>\n");
        for (int i = 0; i < n; i++) {
            if (i == n / 2) {
                b.append(middle);
            }
            b.append("<e i='").append(i).append("' pad='").append("x".repeat(60)).append("'/>\n");
        }
        return b.append("</node>\n</status>\n</cib>\n").toString();
    }

    @Test
    void readsALargeDocumentOnTwoThreadsAsOnOne() {
        int n = 80_000;
        XmlElement root = XmlScanner.parse("t", large(n, "").getBytes(StandardCharsets.UTF_8));
        List<XmlElement> all = root.child("status").child("node").children;
        assertEquals(n, all.size());
        for (int i = 0; i < n; i++) {
            assertEquals(String.valueOf(i), all.get(i).attr("i"));
            assertEquals(4 + i, all.get(i).line);
        }
        // the middle inside a comment: what follows it is still read, with its lines
        XmlElement commented = XmlScanner.parse("t", large(n, "<!--\n" + "<e i='no'/>\n".repeat(100_000) + "-->")
                .getBytes(StandardCharsets.UTF_8));
        List<XmlElement> read = commented.child("status").child("node").children;
        assertEquals(n, read.size());
        assertEquals(4 + n - 1 + 100_001, read.get(n - 1).line);
    }

    @Test
    void refusesALargeDocumentWithTheLineOfItsFirstError() {
        int n = 80_000;
        ConfigException e = assertThrows(ConfigException.class, () -> XmlScanner.parse("t",
                large(n, "").replace("</status>", "</stat>").getBytes(StandardCharsets.UTF_8)));
        assertEquals(4 + n + 1, e.line());
        assertTrue(e.getMessage().contains("end tag 'stat' does not match the open element 'status'"), e.getMessage());
        String twoErrors = large(n, "").replace("<e i='10' ", "<e i='10' i='x' ").replace("</node>", "</nod>");
        ConfigException first = assertThrows(ConfigException.class,
                () -> XmlScanner.parse("t", twoErrors.getBytes(StandardCharsets.UTF_8)));
        assertEquals(14, first.line());
        assertTrue(first.getMessage().contains("attribute 'i' appears twice"), first.getMessage());
    }
}
