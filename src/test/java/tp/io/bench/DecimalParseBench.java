package tp.io.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import tp.io.DataReader;
import tp.io.DecimalParser;
import tp.io.DoubleFormat;

/**
 * Nanoseconds per CSV cell of three decimal-to-double conversions on the cells the CSV reader
 * meets: {@link DecimalParser} (syntax check + ch.randelshofer:fastdoubleparser, in use),
 * {@link HandWrittenDecimal} (the hand-written Eisel-Lemire it replaced) and
 * {@code Double.parseDouble(new String(...))}; then the time {@link DataReader} takes for a
 * 4000 x 784 file of 17-digit cells (an MNIST-sized set, the size that motivated a fast parser).
 *
 * <p>Run: {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$(cat cp.txt)
 * tp.io.bench.DecimalParseBench [--reps R]} with cp.txt from {@code mvn dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}. Each figure is the best and the median of R passes over 10^6 cells,
 * after R warm-up passes; the three parsers take turns within each pass so that a busy machine
 * slows them alike. Every pass also checks that the three agree bit for bit.
 */
public final class DecimalParseBench {
    private DecimalParseBench() {}

    private static final int CELLS = 1_000_000;

    private interface Parser {
        int parse(byte[] b, int s, int e, double[] out);
    }

    public static void main(String[] args) throws IOException {
        int reps = 7;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--reps")) reps = Integer.parseInt(args[++i]);
            else throw new IllegalArgumentException("usage: DecimalParseBench [--reps R]");
        }
        System.out.printf(Locale.ROOT, "java %s, %d processors; ns per cell, best / median of %d passes of %d cells%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), reps, CELLS);
        String[] names = {"fastdoubleparser (in use)", "hand-written Eisel-Lemire", "Double.parseDouble"};
        Parser[] parsers = {DecimalParser::parse, HandWrittenDecimal::parse, DecimalParseBench::jdk};
        System.out.printf("%-34s %-28s %-28s %-28s%n", "cells", names[0], names[1], names[2]);
        SplittableRandom rnd = new SplittableRandom(1);
        for (String kind : new String[] {"17 digits (%.17g, tp's output)", "shortest repr. (Double.toString)",
            "3 decimals (%.3f)", "pixel integers 0..255"}) {
            byte[][] cells = new byte[CELLS][];
            for (int k = 0; k < CELLS; k++) {
                double v = rnd.nextDouble() * 2 - 1;
                String s = switch (kind.charAt(0)) {
                    case '1' -> DoubleFormat.format(v);
                    case 's' -> Double.toString(v);
                    case '3' -> String.format(Locale.ROOT, "%.3f", 10 * v);
                    default -> Integer.toString(rnd.nextInt(256));
                };
                cells[k] = s.getBytes(StandardCharsets.US_ASCII);
            }
            double[][] times = new double[parsers.length][reps];
            for (int rep = -reps; rep < reps; rep++) { // negative reps warm up
                double[][] sums = new double[parsers.length][];
                for (int p = 0; p < parsers.length; p++) {
                    double[] out = new double[1], got = new double[CELLS];
                    long t0 = System.nanoTime();
                    for (int k = 0; k < CELLS; k++) {
                        byte[] c = cells[k];
                        parsers[p].parse(c, 0, c.length, out);
                        got[k] = out[0];
                    }
                    long t1 = System.nanoTime();
                    if (rep >= 0) times[p][rep] = (t1 - t0) / (double) CELLS;
                    sums[p] = got;
                }
                for (int p = 1; p < parsers.length; p++) {
                    if (!Arrays.equals(sums[0], sums[p])) throw new AssertionError(names[p] + " disagrees on " + kind);
                }
            }
            System.out.printf("%-34s", kind);
            for (double[] t : times) {
                Arrays.sort(t);
                System.out.printf(Locale.ROOT, " %-28s", String.format(Locale.ROOT, "%.1f / %.1f", t[0], t[t.length / 2]));
            }
            System.out.println();
        }
        wholeFile(reps);
    }

    /** The CLI's path: one cold read of a 4000 x 784 CSV of 17-digit cells, then warm ones. */
    private static void wholeFile(int reps) throws IOException {
        int rows = 4000, cols = 784;
        SplittableRandom rnd = new SplittableRandom(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) sb.append(j > 0 ? "," : "").append(DoubleFormat.format(rnd.nextDouble() * 2 - 1));
            sb.append('\n');
        }
        Path f = Files.createTempFile("tp-bench", ".csv");
        try {
            Files.writeString(f, sb);
            double[] t = new double[reps];
            for (int rep = 0; rep < reps; rep++) {
                long t0 = System.nanoTime();
                DataReader.read(f);
                t[rep] = (System.nanoTime() - t0) / 1e9;
            }
            double first = t[0];
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "DataReader.read of %d x %d 17-digit cells (%.0f MB): first (cold) %.2f s,"
                    + " best %.2f s, median %.2f s%n", rows, cols, Files.size(f) / 1e6, first, t[0], t[reps / 2]);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static int jdk(byte[] b, int s, int e, double[] out) {
        out[0] = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
        return 0;
    }
}
