package org.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.spi.storage.StorageException;

@DisplayName("The exception tree")
class ExceptionsTest {

    @Test
    @DisplayName("every exception is a PortalException with its stable code")
    void codes() {
        assertThat(List.<PortalException>of(
                InvalidRequestException.of("a", "b"),
                new AuthenticationFailedException(),
                new AccessDeniedException(),
                new NotFoundException("patient"),
                new ConflictException("taken"),
                new RuleViolationException("already_enrolled", "enrolled"),
                new PortalStorageException(new StorageException("down"))))
                .extracting(PortalException::code)
                .containsExactly("invalid_request", "authentication_failed", "access_denied", "not_found", "conflict",
                        "rule_violation", "storage_failure");
    }

    @Test
    @DisplayName("InvalidRequestException sorts its violations and lists paths only in its message")
    void invalidRequest() {
        InvalidRequestException e = new InvalidRequestException(List.of(
                new Violation("username", "is required"), new Violation("birthDate", "must be in the past"),
                new Violation("birthDate", "another")));
        assertThat(e.violations()).extracting(Violation::path).containsExactly("birthDate", "birthDate", "username");
        assertThat(e.getMessage()).isEqualTo("invalid request: birthDate, username");
        assertThatThrownBy(() -> new InvalidRequestException(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.violations().add(new Violation("x", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("EN-5 AuthenticationFailedException always has the same message and no cause")
    void oneMessage() {
        assertThat(new AuthenticationFailedException()).hasMessage("authentication failed").hasNoCause();
    }

    @Test
    @DisplayName("exceptions survive serialisation")
    void serializable() throws Exception {
        RuleViolationException rule = new RuleViolationException("r", "m");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(rule);
            out.writeObject(InvalidRequestException.of("p", "m"));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            RuleViolationException back = (RuleViolationException) in.readObject();
            assertThat(back.reason()).isEqualTo("r");
            assertThat(back.code()).isEqualTo("rule_violation");
            InvalidRequestException invalid = (InvalidRequestException) in.readObject();
            assertThat(invalid.violations()).isEmpty();
            assertThat(invalid.getMessage()).isEqualTo("invalid request: p");
        }
    }

    @Test
    @DisplayName("Violation is a value")
    void violationValue() {
        new EqualsTester()
                .addEqualityGroup(new Violation("a", "b"), new Violation("a", "b"))
                .addEqualityGroup(new Violation("a", "c"))
                .testEquals();
        assertThatThrownBy(() -> new Violation(null, "b")).isInstanceOf(NullPointerException.class);
    }
}
