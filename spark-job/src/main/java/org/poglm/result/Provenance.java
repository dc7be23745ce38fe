package org.poglm.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code provenance.json}: how a result was made, typed. Each part is filled by what it describes
 * (the sweep describes its settings, the input its identity, the recording its summary), never by
 * copying fields by hand; the report reads the same records. Names are written in snake case
 * ({@code trainPieces} as {@code train_pieces}); a part that does not apply is left out.
 *
 * @param runId    the run's id (also the content of {@code _SUCCESS})
 * @param command  the job's command (fit, demo)
 * @param options  the options as given (the command line's arguments, the preset)
 * @param result   the final location of the result
 * @param report   set when the report could not be written at fit time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(String runId, String command, Map<String, Object> options, Input input, Recording recording,
                         SweepSettings sweep, List<Long> seeds, List<Training> training, Code code, Java java,
                         Spark spark, Timing timing, List<String> warnings, String result, Report report) {
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Provenance {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The input: a file or folder with its checksum, or the built-in generator. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(String path, String format, String sha256, Long bytes, Integer files, Synthetic synthetic) {
        public static Input generated(Synthetic s) {
            return new Input(null, null, null, null, null, s);
        }
    }

    /** The built-in generator's recording. */
    public record Synthetic(long generatorSeed, int neurons, int visible, int pieces, int binsPerPiece) {
    }

    /**
     * The recording as binned and split (SPEC §1); the binning fields are left out for a generated
     * recording.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recording(List<String> units, int visible, long pieces, long trainPieces, Long validationPieces,
                            long testPieces, int binsPerPiece, Double binWidthSeconds, Long bins,
                            Double durationSeconds, Double t0Seconds, Long remainderBins, Long spikes,
                            List<Double> unitRatesHz, List<DroppedUnit> droppedUnits, Integer folds) {
        /**
         * The same recording split by time into {@code train} pieces that train the gradient,
         * {@code validation} pieces after them (left out when 0) and {@code test} pieces at the end;
         * with blocked cross-validation the counts of the first of {@code folds} folds.
         */
        public Recording split(long train, long validation, long test, Integer folds) {
            return new Recording(units, visible, pieces, train, validation > 0 ? validation : null, test,
                binsPerPiece, binWidthSeconds, bins, durationSeconds, t0Seconds, remainderBins, spikes, unitRatesHz,
                droppedUnits, folds);
        }
    }

    /** A unit read but left out, and why. */
    public record DroppedUnit(String unit, String reason) {
    }

    /**
     * What the configurations of a sweep share, and the grid ({@code SweepConfig#describe} of each).
     * {@code epochs} is the most a configuration may train when it stops early; patience, tolerance and
     * the validation fraction are left out with a fixed number of epochs.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SweepSettings(int configurations, int epochs, int batchSize, int batchesPerEpoch, boolean shuffle,
                                long sweepSeed, int evalSamples, double[] basis, String padding, int pieceBins,
                                String init, Integer patience, Double tolerance, Double validationFraction,
                                List<Map<String, Object>> grid, List<String> samplers) {
    }

    /** How one configuration's training ended (SPEC §9). */
    public record Training(String configId, String stop, boolean converged, int epochs, int bestEpoch,
                           String reason) {
    }

    /** The code version of the build ({@link BuildInfo}). */
    public record Code(String version, String commit, String dirty, String commitTime) {
    }

    public record Java(String version, String vendor, String kernels) {
    }

    public record Spark(String version, String master, String appId, int defaultParallelism) {
    }

    /** Start and end (ISO instants), wall seconds of training and evaluation, training steps. */
    public record Timing(String started, String finished, double trainWallSeconds, double evalWallSeconds,
                         long steps) {
    }

    /** The report's state at fit time when it failed: the error and the command that rebuilds it. */
    public record Report(String status, String error, String rebuild) {
    }

    /** This provenance with one more warning. */
    public Provenance withWarning(String warning) {
        List<String> w = new ArrayList<>(warnings);
        w.add(warning);
        return new Provenance(runId, command, options, input, recording, sweep, seeds, training, code, java, spark,
            timing, w, result, report);
    }

    /** This provenance with the report's failure recorded. */
    public Provenance withReport(Report r) {
        return new Provenance(runId, command, options, input, recording, sweep, seeds, training, code, java, spark,
            timing, warnings, result, r);
    }

    /** The file's text. */
    public String json() {
        try {
            return MAPPER.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write provenance.json", e);
        }
    }

    /** Reads {@code file} (for messages) from its text; parts it does not know are ignored, parts it lacks are null. */
    public static Provenance read(String text, String file) {
        var tree = ResultJson.read(text, file);
        if (!tree.isObject()) {
            throw new ResultFormatException(file + ": expected a JSON object");
        }
        try {
            return MAPPER.treeToValue(tree, Provenance.class);
        } catch (JsonProcessingException e) {
            throw new ResultFormatException(file + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                + ", expected provenance as the job writes it", e);
        }
    }
}
