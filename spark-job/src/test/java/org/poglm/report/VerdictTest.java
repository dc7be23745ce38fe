package org.poglm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict's sentences and each of its warnings, on results made to show them. */
class VerdictTest {
    @TempDir
    Path tmp;

    Verdict verdict(ResultFixture f, String name) throws IOException {
        Path dir = f.write(tmp.resolve(name));
        ResultData data = ResultData.read(FileSystem.getLocal(new Configuration()).getRawFileSystem(),
            new org.apache.hadoop.fs.Path(dir.toString()));
        return Verdict.of(data, Aggregation.of(data.fields(), data.configs()));
    }

    static List<String> ids(Verdict v) {
        return v.warnings().stream().map(Verdict.Warning::id).toList();
    }

    @Test
    void everyPieceBetterThanTheGlmIsHelpWithItsIntervalAndNoWarning() throws IOException {
        // The fixture's models are the GLM's pieces shifted up: exponential x FB by +1.60 and +1.61 nats (seeds 0, 1).
        Verdict v = verdict(new ResultFixture(), "help");
        assertTrue(v.headline().startsWith("Hidden neurons help: exponential \u00d7 FB, H=2 beats the fully observed GLM"
            + " by 1.6"), v.headline());
        assertTrue(v.headline().contains("better on 100 % of the 3 test pieces"), v.headline());
        assertTrue(v.detail().startsWith("The fully observed GLM is above the homogeneous Poisson model"), v.detail());
        assertEquals(List.of(), ids(v));
        Verdict.Comparison best = v.comparisons().stream().filter(c -> c.vsGlm() != null)
            .max(java.util.Comparator.comparingDouble(c -> c.vsGlm().meanDifference())).orElseThrow();
        // Seeds 0 and 1 score +0.01 apart: the piece means are the mean of the two; the GLM is the reference.
        assertEquals(1.605, best.vsGlm().meanDifference(), 1e-9);
        assertEquals("GLM (fully observed)", best.glm().label());
        assertEquals(2, best.seedDifference().size());
    }

    @Test
    void aModelBelowTheGlmOnEveryPieceDoesNotHelp() throws IOException {
        ResultFixture f = new ResultFixture();
        f.distributions = new java.util.ArrayList<>(List.of("poisson"));
        f.schemes = new java.util.ArrayList<>(List.of("f"));
        for (long s : f.seeds) {
            f.testLl.put("f-poisson-h2-s" + s, -202.0);
        }
        Verdict v = verdict(f, "worse");
        assertTrue(v.headline().startsWith("Hidden neurons do not help: the fully observed GLM beats"), v.headline());
    }

    @Test
    void aMixedResultIsNoEvidenceAndSeedsThatDisagreeAreWarned() throws IOException {
        ResultFixture f = new ResultFixture();
        f.distributions = new java.util.ArrayList<>(List.of("poisson"));
        f.schemes = new java.util.ArrayList<>(List.of("f"));
        f.testLl.put("f-poisson-h2-s0", -200.6);
        f.testLl.put("f-poisson-h2-s1", -199.4);
        Verdict v = verdict(f, "mixed");
        assertTrue(v.headline().startsWith("No evidence that hidden neurons help"), v.headline());
        assertTrue(v.headline().contains("the interval includes zero"), v.headline());
        assertTrue(ids(v).contains("warn-seeds"), ids(v).toString());
    }

    @Test
    void eachWarningShowsWhenItsCauseIsThere() throws IOException {
        ResultFixture f = new ResultFixture();
        f.stop.put("fb-exponential-h2-s1", "max-epochs");
        f.baselineLl = -150;
        f.rateChange = 2.0;
        f.hiddenRate = 0.9;
        Verdict v = verdict(f, "shaky");
        assertEquals(List.of("warn-converged", "warn-baseline", "warn-hidden", "warn-rates"), ids(v));
        String all = v.warnings().toString();
        assertTrue(all.contains("1 of 9 configurations did not converge") && all.contains("fb-exponential-h2-s1"), all);
        assertTrue(all.contains("Every model is below the homogeneous Poisson baseline"), all);
        assertTrue(all.contains("saturated (0.900 spikes per bin"), all);
        assertTrue(all.contains("3 of 3 units fire more than 1.5 times faster or slower"), all);
        assertTrue(v.detail().contains("is below the homogeneous Poisson model"), v.detail());

        ResultFixture quiet = new ResultFixture();
        quiet.hiddenRate = 1e-6;
        assertTrue(verdict(quiet, "silent").warnings().toString().contains("is silent"));
    }

    @Test
    void onlyTheGlmOrNoPerUnitFilesStillGiveAVerdict() throws IOException {
        ResultFixture glm = new ResultFixture();
        glm.hidden = new java.util.ArrayList<>();
        assertTrue(verdict(glm, "glm").headline().startsWith("Only the fully observed GLM was fitted"));
        ResultFixture old = new ResultFixture();
        old.unitFiles = false;
        Verdict v = verdict(old, "old");
        assertTrue(v.headline().startsWith("Hidden neurons help"), v.headline());
        assertFalse(ids(v).contains("warn-rates"), "no rates, no rate check");
    }
}
