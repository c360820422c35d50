package org.patientportal.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.spi.screening.UrgencyScreener;

/** The default urgency screener (MS-2): floors on the labelled sets, and the behaviours it promises. */
class UrgencyScreenerTest {
    private final UrgencyScreener screener = UrgencyScreeners.standard();

    private record Labelled(boolean urgent, String text) {
    }

    private static List<Labelled> load(String name) throws IOException {
        List<Labelled> out = new ArrayList<>();
        try (InputStream in = UrgencyScreenerTest.class.getResourceAsStream(name);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                out.add(new Labelled(line.substring(0, tab).equals("1"), line.substring(tab + 1)));
            }
        }
        return out;
    }

    private double rate(List<Labelled> set, boolean urgent) {
        List<Labelled> part = set.stream().filter(l -> l.urgent() == urgent).toList();
        return (double) part.stream().filter(l -> screener.screen(l.text()).urgent()).count() / part.size();
    }

    @Test
    @DisplayName("MS-2 the labelled set has at least 200 messages, about half urgent")
    void labelledSetShape() throws IOException {
        List<Labelled> set = load("urgency-labelled.tsv");
        assertThat(set).hasSizeGreaterThanOrEqualTo(200);
        assertThat(set.stream().filter(Labelled::urgent).count()).isBetween(100L, 120L);
    }

    @Test
    @DisplayName("MS-2 catch rate at least 95% and false alarms at most 5% on the labelled set (a regression fails)")
    void floorsOnTheLabelledSet() throws IOException {
        List<Labelled> set = load("urgency-labelled.tsv");
        assertThat(rate(set, true)).as("catch rate").isGreaterThanOrEqualTo(0.95);
        assertThat(rate(set, false)).as("false-alarm rate").isLessThanOrEqualTo(0.05);
    }

    @Test
    @DisplayName("MS-2 on the held-out set (not tuned against): catch rate at least 65%")
    void floorOnTheHeldOutSet() throws IOException {
        assertThat(rate(load("urgency-holdout.tsv"), true)).isGreaterThanOrEqualTo(0.65);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my chest hurts", "MY CHEST HURTS", "hurts in my chest", "cant breathe", "can't breathe",
            "dolor de pecho", "DOLOR DE PÉCHO", "me duele el pecho", "no puedo respirar", "chets pian",
            "I am sucidal", "quiero quitarme la vida", "took too many pills", "sobredosis",
            "bleeding wont stop", "estoy sangrando mucho", "her face is drooping", "slurred speech",
            "sudden weakness on one side", "my throat is closing", "anafilaxia", "se me cierra la garganta",
            "No fever, but my chest hurts"})
    @DisplayName("MS-2 flags the signs in English and Spanish, any case or accents, common misspellings and word order")
    void flags(String text) {
        assertThat(screener.screen(text).urgent()).as(text).isTrue();
        assertThat(screener.screen(text).signs()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"no chest pain since Monday", "I do not have trouble breathing", "sin dolor de pecho",
            "denies chest pain", "I had chest pain last year, all fine", "hace años tuve un derrame",
            "refill my lisinopril please", "chest x-ray results", "I cut my finger cooking", "", "   "})
    @DisplayName("MS-2 does not flag negations, history without a word of now, or ordinary questions")
    void doesNotFlag(String text) {
        assertThat(screener.screen(text).urgent()).as(text).isFalse();
        assertThat(screener.screen(text).signs()).isEmpty();
    }

    @Test
    @DisplayName("MS-2 history with a word of now still flags")
    void historyAndNow() {
        assertThat(screener.screen("I had chest pain last year and now it is back").urgent()).isTrue();
    }
}
