package org.poglm.result;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON codec of result files (Jackson, indented on writing), and the checked reading of numbers, vectors and matrices. */
public final class ResultJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {
    }

    /** Any value (maps, lists, arrays, records) as indented JSON text with a final line break. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The JSON tree of {@code text}, read from {@code file}. */
    public static JsonNode read(String text, String file) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ResultFormatException(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
        }
    }

    /** An array of numbers ({@code null} reads as NaN). */
    public static double[] vector(String file, JsonNode node, String name) {
        if (!node.isArray()) {
            throw new ResultFormatException(file + ": no array " + name + ", expected a list of numbers");
        }
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isNumber() && !x.isNull()) {
                throw new ResultFormatException(file + ": " + name + "[" + i + "] is " + x + ", expected a number");
            }
            v[i] = x.isNull() ? Double.NaN : x.asDouble();
        }
        return v;
    }

    /** An array of equally long arrays of numbers. */
    public static double[][] matrix(String file, JsonNode node, String name) {
        if (!node.isArray()) {
            throw new ResultFormatException(file + ": no array " + name + ", expected a list of rows");
        }
        double[][] m = new double[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(file, node.get(i), name + "[" + i + "]");
            if (m[i].length != m[0].length) {
                throw new ResultFormatException(file + ": " + name + " row " + i + " has " + m[i].length
                    + " entries, expected " + m[0].length + " like row 0");
            }
        }
        return m;
    }

    /** An array's elements as text (numbers as written); empty when the node is not an array. */
    public static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        }
        return out;
    }
}
