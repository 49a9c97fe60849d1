package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
