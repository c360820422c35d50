package org.patientportal.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.patientportal.core.messaging.UrgencyScreeners;
import org.patientportal.spi.screening.UrgencyScreener;

/**
 * Prints the default urgency screener's catch rate and false-alarm rate (MS-2) on a labelled set:
 * one message per line, {@code label<TAB>text}, label 1 for urgent and 0 for not urgent, lines
 * starting with {@code #} ignored.
 *
 * <pre>{@code
 * mvn -q -o -pl examples -am -DskipTests -Dmaven.javadoc.skip=true package
 * java -cp portal-spi/target/classes:portal-core/target/classes:examples/target/classes \
 *     org.patientportal.examples.ScreenerRates
 * }</pre>
 */
public final class ScreenerRates {
    private ScreenerRates() {
    }

    /**
     * Runs the measurement.
     *
     * @param args the labelled set's path (default: the core module's test set)
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0]
                : "portal-core/src/test/resources/org/patientportal/core/messaging/urgency-labelled.tsv");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        UrgencyScreener screener = UrgencyScreeners.standard();
        int urgent = 0;
        int caught = 0;
        int calm = 0;
        int alarms = 0;
        StringBuilder misses = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            boolean label = line.substring(0, tab).equals("1");
            String text = line.substring(tab + 1);
            boolean flagged = screener.screen(text).urgent();
            if (label) {
                urgent++;
                if (flagged) {
                    caught++;
                } else {
                    misses.append("  missed:      ").append(text).append('\n');
                }
            } else {
                calm++;
                if (flagged) {
                    alarms++;
                    misses.append("  false alarm: ").append(text).append('\n');
                }
            }
        }
        System.out.printf("labelled set: %s (%d urgent, %d not urgent)%n", file, urgent, calm);
        System.out.printf("catch rate:       %d/%d = %.1f%%%n", caught, urgent, 100.0 * caught / urgent);
        System.out.printf("false-alarm rate: %d/%d = %.1f%%%n", alarms, calm, 100.0 * alarms / calm);
        System.out.print(misses);
    }
}
