package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EN-2 activation code format")
class CodeFormatTest {

    @Test
    @DisplayName("EN-2 generated codes are 15 characters of the Crockford alphabet, spread over all of it")
    void generate() {
        Map<Character, Integer> counts = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            String code = CodeFormat.generate();
            assertThat(code).hasSize(15).matches("[0-9A-HJKMNP-TV-Z]{15}");
            for (char c : code.toCharArray()) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        assertThat(counts).hasSize(32);
        // 30,000 characters, about 937 of each: a crude check that no character is favoured or starved
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(700, 1200));
    }

    @Test
    @DisplayName("EN-2 display form and accepted input forms")
    void forms() {
        assertThat(CodeFormat.display("ABCDEFGHJK01234")).isEqualTo("ABCDE-FGHJK-01234");
        assertThat(CodeFormat.normalize("ABCDE-FGHJK-01234")).contains("ABCDEFGHJK01234");
        assertThat(CodeFormat.normalize("abcdefghjk01234")).contains("ABCDEFGHJK01234");
        assertThat(CodeFormat.normalize("  abcde-FGHJK-01234\n")).contains("ABCDEFGHJK01234");
    }

    @Test
    @DisplayName("EN-2 spaces and dashes anywhere are ignored: groups of any size, doubled, leading, Unicode dashes")
    void separatorsAnywhere() {
        for (String input : new String[] {"abcde fghjk 01234", "ABCD-EFGHJK-01234", "ABCDE--FGHJK01234",
                "-ABCDEFGHJK01234-", "A-B-C-D-E-F-G-H-J-K-0-1-2-3-4", "abc def ghj k01 234", "ABCDE\u2013FGHJK\u201101234",
                "ABCDE\u00A0FGHJK\t01234", " - ABCDE - FGHJK - 01234 - "}) {
            assertThat(CodeFormat.normalize(input)).as(input).contains("ABCDEFGHJK01234");
        }
    }

    @Test
    @DisplayName("EN-2 anything else is refused: look-alikes, 14 or 16 symbols, other separators, non-ASCII, over 64 characters")
    void refused() {
        for (String input : new String[] {null, "", "ABCDE-FGHJK-0123", "ABCDE-FGHJK-012345", "ABCDEFGHJK0123I",
                "ABCDEFGHJK0123L", "ABCDEFGHJK0123O", "ABCDEFGHJK0123U", "ABCDE FGHJK 0123", "ABCDE-FGHJK-012345",
                "ABCDE_FGHJK01234", "ABCDE\u200BFGHJK01234", "ABCDE\nFGHJK01234", "ABCDEFGHJK0123\u0131", "ABCDEFGHJK0123\u017F", "\uFF21BCDEFGHJK01234",
                "ABCDE-FGHJK-0123\u0000", "ABCDE.FGHJK.01234", "A" + " ".repeat(60) + "BCDEFGHJK01234"}) {
            assertThat(CodeFormat.normalize(input)).as(String.valueOf(input)).isEmpty();
        }
    }
}
