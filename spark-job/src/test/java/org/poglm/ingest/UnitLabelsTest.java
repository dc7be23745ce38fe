package org.poglm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class UnitLabelsTest {

    /** Labels from alternating unit ids and maps. */
    private static UnitLabels of(Object... unitsAndLabels) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (int i = 0; i < unitsAndLabels.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) unitsAndLabels[i + 1];
            m.put((String) unitsAndLabels[i], labels);
        }
        return new UnitLabels(m);
    }

    @Test
    void blankValuesAndUnitsWithoutValuesAreAbsentAndFieldsHaveOneOrder() {
        Map<String, String> backwards = new LinkedHashMap<>();
        backwards.put(UnitLabels.CHANNEL, " 12 ");
        backwards.put(UnitLabels.GROUP, "good");
        backwards.put(UnitLabels.DEPTH, " ");
        UnitLabels l = of("3", backwards, "4", Map.of(UnitLabels.REGION, ""));
        assertEquals(List.of("3"), List.copyOf(l.byUnit().keySet()));
        assertEquals(List.of(UnitLabels.GROUP, UnitLabels.CHANNEL), List.copyOf(l.forUnit("3").keySet()));
        assertEquals("12", l.get("3", UnitLabels.CHANNEL));
        assertNull(l.get("3", UnitLabels.DEPTH));
        assertEquals(Map.of(), l.forUnit("4"));
        assertEquals(List.of(UnitLabels.GROUP, UnitLabels.CHANNEL), l.fields());
        assertTrue(UnitLabels.NONE.isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> l.forUnit("3").put(UnitLabels.DEPTH, "1"));
    }

    @Test
    void onlyKnownFieldNames() {
        String m = assertThrows(IllegalArgumentException.class,
            () -> of("1", Map.of("location", "CA1"))).getMessage();
        assertTrue(m.startsWith("unit label field 'location': expected one of [region, electrode_group"), m);
    }

    @Test
    void keepFollowsTheGivenUnitsAndOrder() {
        UnitLabels l = of("1", Map.of(UnitLabels.REGION, "CA1"), "2", Map.of(UnitLabels.REGION, "CA3"),
            "3", Map.of(UnitLabels.REGION, "DG"));
        UnitLabels kept = l.keep(List.of("3", "9", "1"));
        assertEquals(List.of("3", "1"), List.copyOf(kept.byUnit().keySet()));
        assertEquals("DG", kept.get("3", UnitLabels.REGION));
    }

    @Test
    void regionOrderFieldsPerFormat() {
        assertEquals(List.of(UnitLabels.REGION),
            of("1", Map.of(UnitLabels.REGION, "CA1", UnitLabels.ELECTRODE, "4")).regionOrderFields());
        assertEquals(List.of(UnitLabels.REGION, UnitLabels.ELECTRODE_GROUP), of("1", Map.of(UnitLabels.REGION, "CA1"),
            "2", Map.of(UnitLabels.ELECTRODE_GROUP, "probe0")).regionOrderFields());
        assertEquals(List.of(UnitLabels.ELECTRODE_GROUP),
            of("1", Map.of(UnitLabels.ELECTRODE_GROUP, "probe0")).regionOrderFields());
        assertEquals(List.of(UnitLabels.SHANK, UnitLabels.DEPTH), of("1", Map.of(UnitLabels.SHANK, "0",
            UnitLabels.DEPTH, "20", UnitLabels.CHANNEL, "3")).regionOrderFields());
        assertEquals(List.of(UnitLabels.SHANK, UnitLabels.CHANNEL),
            of("1", Map.of(UnitLabels.SHANK, "0", UnitLabels.CHANNEL, "3")).regionOrderFields());
        assertEquals(List.of(UnitLabels.CHANNEL), of("1", Map.of(UnitLabels.CHANNEL, "3", UnitLabels.GROUP, "good"))
            .regionOrderFields());
        assertEquals(List.of(), of("1", Map.of(UnitLabels.GROUP, "good")).regionOrderFields());
        assertEquals(List.of(), UnitLabels.NONE.regionOrderFields());
    }

    @Test
    void regionOrderIsNumericForNumbersNaturalForTextMissingLastAndStable() {
        UnitLabels depths = of("a", Map.of(UnitLabels.DEPTH, "20.5"), "b", Map.of(UnitLabels.DEPTH, "20.25"),
            "c", Map.of(UnitLabels.DEPTH, "-5"), "d", Map.of(UnitLabels.GROUP, "good"),
            "e", Map.of(UnitLabels.DEPTH, "1e2"), "f", Map.of(UnitLabels.DEPTH, "20.25"));
        assertEquals(List.of("c", "b", "f", "a", "e", "d", "g"),
            depths.inRegionOrder(List.of("a", "b", "c", "d", "e", "f", "g")));
        UnitLabels regions = of("1", Map.of(UnitLabels.REGION, "shank10", UnitLabels.ELECTRODE_GROUP, "g2"),
            "2", Map.of(UnitLabels.REGION, "shank2", UnitLabels.ELECTRODE_GROUP, "g10"),
            "3", Map.of(UnitLabels.REGION, "shank2", UnitLabels.ELECTRODE_GROUP, "g9"),
            "4", Map.of(UnitLabels.REGION, "shank10"));
        assertEquals(List.of("3", "2", "1", "4"), regions.inRegionOrder(List.of("1", "2", "3", "4")));
        UnitLabels tie = of("x", Map.of(UnitLabels.REGION, "CA1"), "y", Map.of(UnitLabels.REGION, "CA1"));
        assertEquals(List.of("y", "x"), tie.inRegionOrder(List.of("y", "x")), "ties keep the given order");
        assertEquals(List.of("x", "y"), tie.inRegionOrder(List.of("x", "y")), "ties keep the given order");
        assertEquals(List.of("2", "1"), UnitLabels.NONE.inRegionOrder(List.of("2", "1")));
    }

    @Test
    void spikeTrainsKeepLabelsInColumnOrderAndRefuseLabelsOfUnknownUnits() {
        Map<String, double[]> times = new LinkedHashMap<>();
        times.put("10", new double[] {0.5});
        times.put("2", new double[] {0.25});
        UnitLabels l = of("10", Map.of(UnitLabels.CHANNEL, "4"), "2", Map.of(UnitLabels.CHANNEL, "1"));
        SpikeTrains s = SpikeTrains.of(times, l, "t", Double.NaN, List.of());
        assertEquals(List.of("2", "10"), List.copyOf(s.unitLabels().byUnit().keySet()));
        assertEquals(UnitLabels.NONE, SpikeTrains.of(times, "t", Double.NaN, List.of()).unitLabels());
        assertThrows(IllegalArgumentException.class, () -> SpikeTrains.of(times,
            of("7", Map.of(UnitLabels.CHANNEL, "4")), "t", Double.NaN, List.of()));
    }
}
