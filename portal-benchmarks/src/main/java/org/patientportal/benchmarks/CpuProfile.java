package org.patientportal.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where client CPU goes: a JFR recording of execution samples (every 5 ms of a thread running Java code; time blocked in socket reads is not sampled),
 * summarised for the threads whose name starts with a prefix as the methods most often on top of
 * the stack (self time) and the innermost {@code org.patientportal} method of each sample (the SDK
 * code that led there, JDBC and JDK frames below it included).
 */
final class CpuProfile {
    private static final int SHOWN = 15;

    private final Recording recording = new Recording();

    private CpuProfile() {
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5));
        recording.start();
    }

    /** Starts recording. */
    static CpuProfile start() {
        return new CpuProfile();
    }

    /**
     * Stops recording and returns the summary of the threads named {@code threadPrefix}*.
     *
     * @throws IOException if the recording cannot be written or read
     */
    List<String> stop(String threadPrefix) throws IOException {
        recording.stop();
        Path file = Files.createTempFile("portal-bench", ".jfr");
        try {
            recording.dump(file);
            recording.close();
            Map<String, Integer> self = new HashMap<>();
            Map<String, Integer> sdk = new HashMap<>();
            int samples = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                RecordedStackTrace stack = event.getStackTrace();
                if (thread == null || stack == null || stack.getFrames().isEmpty()
                        || thread.getJavaName() == null || !thread.getJavaName().startsWith(threadPrefix)) {
                    continue;
                }
                samples++;
                self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
                for (RecordedFrame frame : stack.getFrames()) {
                    String name = name(frame);
                    if (name.startsWith("org.patientportal.") && !name.startsWith("org.patientportal.benchmarks.")) {
                        sdk.merge(name, 1, Integer::sum);
                        break;
                    }
                }
            }
            List<String> lines = new ArrayList<>();
            lines.add(samples + " samples; top frames (self):");
            top(self, samples, lines);
            lines.add("innermost SDK frame of each sample:");
            top(sdk, samples, lines);
            return lines;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void top(Map<String, Integer> counts, int samples, List<String> lines) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(SHOWN)
                .forEach(e -> lines.add(String.format(Locale.ROOT, "  %5.1f %%  %s", 100.0 * e.getValue() / samples,
                        e.getKey())));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
