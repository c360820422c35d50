package org.patientportal.core.internal.notifications;

import org.patientportal.core.notifications.NotificationKinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Channel;

@DisplayName("Notification templates (NT-3)")
class TemplatesTest {
    /** Real-looking PHI of one patient: what no notification text may carry. */
    private static final Map<String, String> PHI = Map.ofEntries(
            Map.entry("givenName", "Dana"),
            Map.entry("familyName", "Rivers"),
            Map.entry("name", "Dana Rivers"),
            Map.entry("birthDate", "1984-02-29"),
            Map.entry("birthDateUs", "02/29/1984"),
            Map.entry("mrn", "MRN-000451"),
            Map.entry("testName", "Hemoglobin A1c"),
            Map.entry("loinc", "4548-4"),
            Map.entry("value", "9.1 %"),
            Map.entry("testValue", "9.1"),
            Map.entry("diagnosis", "Type 2 diabetes mellitus"),
            Map.entry("medication", "Metformin 500 mg"),
            Map.entry("messageBody", "My chest hurts when I climb the stairs since Tuesday"),
            Map.entry("subject", "Question about my metformin dose"),
            Map.entry("provider", "Dr. Okonkwo"),
            Map.entry("department", "Cardiology"),
            Map.entry("email", "dana.rivers@example.org"),
            Map.entry("mobile", "+15555550123"));

    @Test
    @DisplayName("NT-3 every template, rendered with real-looking data, carries no name, birth date, test name or value, or message body")
    void noPhiInAnyTemplate() {
        Map<String, String> values = new HashMap<>(PHI);
        values.put("code", "ABCDE-FGHJK-MNPQR");
        values.put("validity", "24 hours");
        List<Templates.Template> all = Templates.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(3 * 2 + 4 * 3);

        for (Templates.Template template : all) {
            Templates.Rendered text = Templates.render(template, values);
            String rendered = (text.subject() + "\n" + text.body()).toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> phi : PHI.entrySet()) {
                assertThat(rendered).as("NT-3 %s/%s must not carry %s", template.kind(), template.channel(), phi.getKey())
                        .doesNotContain(phi.getValue().toLowerCase(Locale.ROOT));
            }
            assertThat(rendered).as("no placeholder left").doesNotContain("{");
            assertThat(template.parameters()).isSubsetOf(Templates.PARAMETERS);
            if (template.channel() == Channel.SMS) {
                assertThat(text.subject()).isEmpty();
                assertThat(text.body().length()).as("one SMS segment or two at most").isLessThanOrEqualTo(160);
            } else {
                assertThat(text.subject()).isNotBlank();
            }
        }
    }

    @Test
    @DisplayName("NT-3 every kind has an email and an SMS text; the code kinds carry the code and its validity, nothing else")
    void everyKindCovered() {
        for (String kind : List.of(NotificationKinds.PASSWORD_CHANGED, NotificationKinds.ACTIVATION_CODE,
                NotificationKinds.RESET_CODE, NotificationKinds.RESULT_RELEASED, NotificationKinds.RESULT_UPDATED,
                NotificationKinds.MESSAGE_RECEIVED,
                NotificationKinds.APPOINTMENT_REMINDER, NotificationKinds.REFILL_DECIDED)) {
            assertThat(Templates.find(kind, Channel.EMAIL)).as(kind).isPresent();
            assertThat(Templates.find(kind, Channel.SMS)).as(kind).isPresent();
        }
        assertThat(Templates.find(NotificationKinds.ACTIVATION_CODE, Channel.EMAIL).orElseThrow().parameters())
                .containsExactlyInAnyOrder("code", "validity");
        assertThat(Templates.find(NotificationKinds.RESULT_RELEASED, Channel.EMAIL).orElseThrow().parameters()).isEmpty();
        assertThat(Templates.find(NotificationKinds.RESULT_RELEASED, Channel.PUSH).orElseThrow().body())
                .isEqualTo("You have a new test result. Log in to view it.");
        assertThat(Templates.find(NotificationKinds.RESULT_UPDATED, Channel.PUSH).orElseThrow().body())
                .isEqualTo("A test result was updated. Log in to view it.");
        assertThat(Templates.find(NotificationKinds.RESULT_UPDATED, Channel.EMAIL).orElseThrow().parameters()).isEmpty();
        assertThat(Templates.knows("no-such-kind")).isFalse();
    }

    @Test
    @DisplayName("NT-3 a template cannot name a parameter outside the allowed ones, and a missing one fails the rendering")
    void parametersGuarded() {
        assertThatThrownBy(() -> new Templates.Template("k", Channel.EMAIL, "s", "Hello {givenName}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("givenName");
        Templates.Template code = Templates.find(NotificationKinds.ACTIVATION_CODE, Channel.SMS).orElseThrow();
        assertThatThrownBy(() -> Templates.render(code, Map.of("code", "X")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
        assertThat(Templates.render(code, Map.of("code", "A$1\\B", "validity", "1 hour")).body()).contains("A$1\\B");
    }

    @Test
    @DisplayName("validities are told in words")
    void inWords() {
        assertThat(Templates.inWords(Duration.ofMinutes(10))).isEqualTo("10 minutes");
        assertThat(Templates.inWords(Duration.ofHours(24))).isEqualTo("24 hours");
        assertThat(Templates.inWords(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(Templates.inWords(Duration.ofDays(30))).isEqualTo("30 days");
        assertThat(Templates.inWords(Duration.ofSeconds(61))).isEqualTo("2 minutes");
    }
}
