package dev.g4j.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prints a JMH JSON result file as a Markdown table: each benchmark's score, its rate (MB/s and
 * events/s where the benchmark counts them, else operations per second), and its time relative to the
 * baseline of its class run with the same parameters (a method whose name starts with {@code baseline}).
 *
 * <pre>java -cp g4j-bench.jar dev.g4j.bench.jmh.ResultsTable results.json</pre>
 */
public final class ResultsTable {
    private ResultsTable() {}

    record Row(String bench, String method, String params, String mode, double score, double error, String unit,
            Map<String, Double> secondary) {
        boolean isBaseline() {
            return method.startsWith("baseline");
        }

        /** Seconds per operation, whatever the mode. */
        double secondsPerOp() {
            return mode.equals("thrpt") ? 1 / (score * perSecond(unit)) : seconds(unit) * score;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultsTable JMH_RESULT.json");
            System.exit(2);
        }
        System.out.print(table(read(new ObjectMapper().readTree(new File(args[0])))));
    }

    static List<Row> read(JsonNode results) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : results) {
            String full = r.path("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            StringJoiner params = new StringJoiner(" ");
            r.path("params").properties().forEach(p -> params.add(p.getKey() + "=" + p.getValue().asText()));
            Map<String, Double> secondary = new LinkedHashMap<>();
            r.path("secondaryMetrics").properties().forEach(m -> {
                if (m.getValue().path("scoreUnit").asText().endsWith("/s")) {
                    secondary.put(m.getKey(), m.getValue().path("score").asDouble());
                }
            });
            JsonNode pm = r.path("primaryMetric");
            rows.add(new Row(cls, full.substring(dot + 1), params.toString(), r.path("mode").asText(),
                    pm.path("score").asDouble(), pm.path("scoreError").asDouble(Double.NaN),
                    pm.path("scoreUnit").asText(), secondary));
        }
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | params | score | unit | rate | time vs baseline |\n");
        sb.append("| --- | --- | ---: | --- | ---: | ---: |\n");
        for (Row r : rows) {
            Row base = rows.stream().filter(b -> b.isBaseline() && b.bench.equals(r.bench) && b.params.equals(r.params))
                    .findFirst().orElse(null);
            String ratio = r.isBaseline() ? "baseline"
                    : base == null ? "-" : String.format(Locale.ROOT, "%.2f×", r.secondsPerOp() / base.secondsPerOp());
            String error = Double.isNaN(r.error) ? "" : " ± " + number(r.error);
            sb.append("| ").append(r.bench).append('.').append(r.method).append(" | ").append(r.params.isEmpty()
                    ? "-" : r.params).append(" | ").append(number(r.score)).append(error).append(" | ").append(r.unit)
                    .append(" | ").append(rate(r)).append(" | ").append(ratio).append(" |\n");
        }
        return sb.toString();
    }

    private static String rate(Row r) {
        if (r.secondary.containsKey("bytes")) {
            StringJoiner j = new StringJoiner(", ");
            j.add(String.format(Locale.ROOT, "%.1f MB/s", r.secondary.get("bytes") / 1e6));
            if (r.secondary.containsKey("events")) {
                j.add(String.format(Locale.ROOT, "%.2f M events/s", r.secondary.get("events") / 1e6));
            }
            return j.toString();
        }
        return String.format(Locale.ROOT, "%.2f M ops/s", 1 / r.secondsPerOp() / 1e6);
    }

    private static String number(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.3f", v);
    }

    /** Operations per second in one "ops/UNIT". */
    private static double perSecond(String unit) {
        return 1 / seconds(unit);
    }

    /** Seconds in the time unit of "UNIT/op" or "ops/UNIT". */
    private static double seconds(String unit) {
        String u = unit.contains("/op") ? unit.substring(0, unit.indexOf('/')) : unit.substring(unit.indexOf('/') + 1);
        return switch (u) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unknown time unit in " + unit);
        };
    }
}
