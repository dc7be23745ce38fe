package org.poglm.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code configs/<id>/weights.csv}: every generative weight as a long table, one row per pair:
 * {@code pre} (the sending neuron), {@code post} (the receiving one), {@code weight} (W[post][pre],
 * SPEC §2), {@code block} ({@code visible->visible}, {@code hidden->visible}, {@code visible->hidden},
 * {@code hidden->hidden}), then for each label the input gives its units ({@code region}, ...) the
 * label of the sender and of the receiver ({@code pre_region}, {@code post_region}; empty for
 * hidden neurons). Visible neurons are named by their unit ids, hidden ones {@code h1}, {@code h2},
 * ... in the learned order.
 */
public final class TidyWeights {
    private TidyWeights() {
    }

    /** The name of neuron n: the unit id for visible neurons, h1, h2, ... for hidden ones. */
    public static String neuron(List<String> units, int n) {
        return n < units.size() ? units.get(n) : "h" + (n - units.size() + 1);
    }

    public static String csv(ConfigParams params, Map<String, Map<String, String>> labels) {
        List<String> fields = new ArrayList<>();
        for (Map<String, String> l : labels.values()) {
            for (String f : l.keySet()) {
                if (!fields.contains(f)) {
                    fields.add(f);
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("pre", "post", "weight", "block"));
        for (String f : fields) {
            header.add("pre_" + f);
            header.add("post_" + f);
        }
        ResultCsv.Writer w = new ResultCsv.Writer().row(header);
        double[][] weights = params.weights();
        int v = params.visible();
        List<String> units = params.units();
        for (int post = 0; post < params.neurons(); post++) {
            for (int pre = 0; pre < params.neurons(); pre++) {
                String preName = neuron(units, pre);
                String postName = neuron(units, post);
                List<String> cells = new ArrayList<>(List.of(preName, postName, ResultCsv.exact(weights[post][pre]),
                    (pre < v ? "visible" : "hidden") + "->" + (post < v ? "visible" : "hidden")));
                for (String f : fields) {
                    cells.add(pre < v ? labels.getOrDefault(preName, Map.of()).getOrDefault(f, "") : "");
                    cells.add(post < v ? labels.getOrDefault(postName, Map.of()).getOrDefault(f, "") : "");
                }
                w.row(cells);
            }
        }
        return w.toString();
    }
}
