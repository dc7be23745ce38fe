package org.poglm.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class ResultCsvTest {
    @Test
    void quotesOnlyWhatNeedsItAndReadsBackEveryField() {
        String text = new ResultCsv.Writer().row("unit", "note").row("a,b", "say \"hi\"\nthere").row("", "x")
            .row(" padded ", "-195.0").toString();
        assertEquals("unit,note\n\"a,b\",\"say \"\"hi\"\"\nthere\"\n,x\n padded ,-195.0\n", text);
        assertEquals(List.of(List.of("unit", "note"), List.of("a,b", "say \"hi\"\nthere"), List.of("", "x"),
            List.of(" padded ", "-195.0")), ResultCsv.parse(text));
    }

    @Test
    void linesAreCountedAcrossQuotedLineBreaksAndByteOrderMarksAndCrLfAreAccepted() {
        List<ResultCsv.Row> rows = ResultCsv.rows("\uFEFFh1,h2\r\n\"x\ny\",1\r\n\r\nz,2\r\n");
        assertEquals(3, rows.size());
        assertEquals(1, rows.get(0).line());
        assertEquals(3, rows.get(1).line(), "the line the row ends on");
        assertEquals(5, rows.get(2).line(), "after a quoted line break and a blank line");
        assertEquals(List.of("x\ny", "1"), rows.get(1).cells());
        assertEquals(List.of(List.of("a", "", "c")), ResultCsv.parse("\uFEFFa,,c\r\n"));
    }

    @Test
    void numbers() {
        assertEquals("", ResultCsv.exact(Double.NaN));
        assertEquals("-195.0349123456789", ResultCsv.exact(-195.0349123456789));
        assertEquals("3", ResultCsv.number(3.0));
        assertEquals("-195.0349", ResultCsv.number(-195.0349));
        assertEquals("1.5e-07", ResultCsv.number(1.5e-7));
        assertEquals(Double.NaN, ResultCsv.parseNumber(" "));
        assertEquals(2.5, ResultCsv.parseNumber("2.5"));
        assertNull(ResultCsv.parseNumber("zero"));
    }
}
