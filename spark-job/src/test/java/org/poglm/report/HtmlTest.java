package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.poglm.result.ResultCsv;

class HtmlTest {
    @Test
    void escapesEveryCharacterThatCanEndTextOrAnAttribute() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", Html.esc("<script>alert(\"x\")</script>"));
        assertEquals("a &amp; b &#39;c&#39;", Html.esc("a & b 'c'"));
        assertEquals("&amp;amp;", Html.esc("&amp;"), "escaping is not idempotent: no double meaning");
        assertEquals("plain", Html.esc("plain"));
        assertEquals("", Html.esc(null));
    }

    @Test
    void numbersUseATrueMinusAndADashForNotApplicable() {
        assertEquals("\u2212195.035", Html.num(-195.0349, 3));
        assertEquals("0.123", Html.num(0.1234, 3));
        assertEquals("0.00", Html.num(-0.001, 2), "no negative zero");
        assertEquals("\u2013", Html.num(Double.NaN, 3));
        assertEquals("", Html.sortKey(Double.NaN));
        assertEquals("-1.5", Html.sortKey(-1.5));
        assertEquals("4 min 05 s", Html.duration(245));
        assertEquals("1 h 02 min", Html.duration(3725));
    }

    @Test
    void csvRoundTripsQuotesCommasAndLineBreaks() {
        String text = new ResultCsv.Writer().row("unit", "note").row("a,b", "say \"hi\"\nthere").row("", "x").toString();
        List<List<String>> rows = ResultCsv.parse(text);
        assertEquals(List.of(List.of("unit", "note"), List.of("a,b", "say \"hi\"\nthere"), List.of("", "x")), rows);
        assertEquals(List.of(List.of("a", "", "c")), ResultCsv.parse("\uFEFFa,,c\r\n"));
        assertEquals("", ResultCsv.number(Double.NaN));
        assertEquals("3", ResultCsv.number(3.0));
        assertEquals("-195.0349", ResultCsv.number(-195.0349));
        assertEquals("1.5e-07", ResultCsv.number(1.5e-7));
    }
}
