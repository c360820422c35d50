package org.patientportal.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the one text rule of IN-2 treats a {@code String} component of a command record. Every
 * {@code String} a command holds (its components, the elements of its lists and sets, the keys and
 * values of its maps, and those of the records nested in it) is checked when the command is
 * validated; a component without this annotation is {@link Form#SINGLE_LINE}.
 *
 * <p>Refused everywhere: NUL and the other C0 controls (U+0000 to U+001F) except where
 * {@link Form#MULTI_LINE} allows them, DEL (U+007F), the C1 controls (U+0080 to U+009F), the
 * noncharacters U+FFFE and U+FFFF, and unpaired surrogates. The violation is reported on the
 * field's path with the message {@value #MESSAGE}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface TextRule {

    /** The message of a violation of the rule. */
    String MESSAGE = "must not contain control characters";

    /** The form of the text. */
    Form value();

    /** The forms of text a command holds. */
    enum Form {
        /**
         * One line (a name, a code, a key): besides what every form refuses, line breaks, tabs and
         * the Unicode line and paragraph separators (U+2028, U+2029) are refused.
         */
        SINGLE_LINE,
        /**
         * Free text of several lines (a message body, a visit summary): line feed, carriage return,
         * tab, U+2028 and U+2029 are allowed.
         */
        MULTI_LINE,
        /**
         * A password or a one-time code, checked by its own rules (AU-2, EN-2: a code may come with
         * spaces or a tab around it) and never stored as text: not checked by the text rule, so any
         * character a user can type stays a valid password.
         */
        SECRET
    }
}
