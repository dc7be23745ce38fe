package org.poglm.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class ProvenanceTest {
    static Provenance sample() {
        return new Provenance("20260101-x", "fit", Map.of("preset", "pvc5"),
            new Provenance.Input("/d/s.nwb", "nwb", "ab12", 10L, 1, null),
            new Provenance.Recording(List.of("u1", "u2"), 2, 12, 6, null, 6, 50, 0.02, 640L, 12.8, 0.5, 40L, 99L,
                List.of(1.5, 2.0), List.of(new Provenance.DroppedUnit("d", "below the minimum rate")), null),
            new Provenance.SweepSettings(1, 2, 25, 1, false, 0, 20, new double[] {0.5, 0.5}, "zero", 50, "paper",
                null, null, null,
                List.of(Map.of("config_id", "glm")), List.of()),
            List.of(0L), List.of(), new Provenance.Code("0.1", "abc", "false", "t"), new Provenance.Java("17", "x", "scalar"),
            new Provenance.Spark("4.2.0", "local[2]", "app", 2), new Provenance.Timing("a", "b", 1.5, 2.5, 7),
            List.of("w1"), "file:/r", null);
    }

    @Test
    void writesSnakeCaseLeavesOutWhatDoesNotApplyAndReadsBack() {
        Provenance p = sample();
        JsonNode tree = ResultJson.read(p.json(), "provenance.json");
        assertEquals("20260101-x", tree.path("run_id").asText());
        assertEquals(25, tree.path("sweep").path("batch_size").asInt());
        assertEquals(0.02, tree.path("recording").path("bin_width_seconds").asDouble());
        assertEquals(6, tree.path("recording").path("test_pieces").asInt());
        assertEquals(1.5, tree.path("recording").path("unit_rates_hz").get(0).asDouble());
        assertEquals("d", tree.path("recording").path("dropped_units").get(0).path("unit").asText());
        assertEquals(0.5, tree.path("recording").path("t0_seconds").asDouble());
        assertEquals("app", tree.path("spark").path("app_id").asText());
        assertFalse(tree.has("report"), "no report entry unless the report failed");
        assertFalse(tree.path("input").has("synthetic"), "a file input has no generator");

        Provenance back = Provenance.read(p.json(), "provenance.json");
        assertEquals(p.json(), back.json(), "a round trip keeps every part");
        Provenance failed = back.withWarning("w2").withReport(new Provenance.Report("failed", "boom", "cmd"));
        assertEquals(List.of("w1", "w2"), failed.warnings());
        assertTrue(failed.json().contains("\"status\" : \"failed\""), failed.json());
    }

    @Test
    void unknownPartsAreIgnoredAndMissingOnesAreNull() {
        Provenance p = Provenance.read("{\"run_id\": \"r\", \"future_part\": {\"x\": 1}}", "p.json");
        assertEquals("r", p.runId());
        assertEquals(null, p.recording());
        assertEquals(List.of(), p.warnings());
        assertThrows(ResultFormatException.class, () -> Provenance.read("[1, 2]", "p.json"));
        assertThrows(ResultFormatException.class, () -> Provenance.read("{\"recording\": {\"visible\": \"many\"}}",
            "p.json"));
    }
}
