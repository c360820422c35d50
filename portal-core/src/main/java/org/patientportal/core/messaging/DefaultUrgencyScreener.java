package org.patientportal.core.messaging;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.patientportal.spi.screening.UrgencyScreener;
import org.patientportal.spi.screening.UrgencyVerdict;

/**
 * The SDK's default urgency screener (MS-2): hand-written rules for English and Spanish.
 *
 * <p><b>Normalising.</b> The text is decomposed (NFD), accents are stripped, it is lower-cased,
 * apostrophes are dropped ("can't" becomes "cant") and every other non-letter, non-digit is a
 * space. Clauses are split at sentence punctuation, commas, line breaks and "but"/"pero", and
 * rules match inside one clause.
 *
 * <p><b>Matching.</b> A rule is one to three concepts (each a list of words, word prefixes ending
 * with {@code *}, or short phrases); a rule matches when every concept occurs within
 * {@value #WINDOW} words of the others, in any order ("my chest hurts", "hurts in my chest").
 * Words of 5 letters or more match with one typo (insertion, deletion, substitution or swap of two
 * letters: "breath" for "breathe", "chets" for "chest"), words of 8 or more with two; a word
 * prefix of 4 letters or more with one ("pian" for "pain"). A few words that are one typo away
 * from common harmless ones match exactly ("choking", not "cooking").
 *
 * <p><b>Negation and history (the choice made).</b> A match is ignored when a negation word
 * ("no", "not", "don't", "never", "denies", "without", "sin", "nunca", "ni", ...) stands within
 * three words before it in the same clause ("no chest pain since Monday" is not flagged; "no
 * fever, but my chest hurts" is), or when its clause speaks of the past ("last year", "years ago",
 * "history of", "used to", "el año pasado", "hace años", ...) and not also of now ("now", "again",
 * "today", "ahora", "otra vez", ...). Everything else errs towards flagging: the patient can always
 * confirm the message is not urgent.
 *
 * <p>Thread-safe and stateless; it never logs and never keeps the text (LG-1).
 */
final class DefaultUrgencyScreener implements UrgencyScreener {
    /** The most words a rule's concepts may span. */
    static final int WINDOW = 6;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019\u2018`\u00b4]");
    private static final Pattern CLAUSES = Pattern.compile("[.!?;,:\\n\\r]+|\\bbut\\b|\\bpero\\b");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");

    private static final Set<String> NEGATIONS = Set.of("no", "not", "dont", "didnt", "doesnt", "isnt", "wasnt",
            "havent", "hasnt", "never", "deny", "denies", "denied", "without", "sin", "nunca", "ni", "tampoco",
            "nor", "none", "negative");
    private static final List<List<String>> PAST = phrases("last year", "last month", "years ago", "months ago",
            "year ago", "history of", "used to", "in the past", "when i was", "back in", "el ano pasado",
            "hace anos", "hace meses", "hace un ano", "antecedentes", "historial", "cuando era", "en el pasado");
    private static final List<List<String>> NOW = phrases("now", "again", "today", "tonight", "right now",
            "currently", "still", "ahora", "otra vez", "de nuevo", "hoy", "todavia", "sigue");

    private static final List<Rule> RULES = List.of(
            // chest pain
            rule("chest_pain", c("chest", "pecho", "pexo", "torax"), c("pain*", "hurt*", "ache*", "aching", "pressure",
                    "tight*", "squeez*", "crush*", "heavy", "heaviness", "burning", "stabbing", "dolor*", "duele*",
                    "presion", "opresion", "apret*", "punzada*")),
            rule("chest_pain", c("heart attack", "ataque al corazon", "ataque cardiaco", "infarto*")),
            // trouble breathing
            rule("breathing", c("cant", "cannot", "can not", "unable", "hard", "trouble", "difficult*", "struggl*",
                    "hardly", "barely", "apenas", "no puedo", "dificultad", "cuesta", "falta", "not able"),
                    c("breath*", "respir*", "aire")),
            rule("breathing", c("short of breath", "shortness of breath", "out of breath", "gasping", "=choking",
                    "suffocat*", "sin aire", "sin aliento", "me ahogo", "ahogando", "ahogo", "me asfixio", "asfixia*", "wheezing badly",
                    "lips are blue", "lips turning blue", "labios morados", "labios azules")),
            // suicidal thoughts, self-harm
            rule("self_harm", c("suicid*", "kill myself", "end my life", "want to die", "wanna die",
                    "better off dead", "end it all", "hurt myself", "hurting myself", "harming myself", "cut myself", "cutting myself", "self harm",
                    "harm myself", "no quiero vivir", "quiero morir", "quitarme la vida", "matarme", "suicidarme",
                    "hacerme dano", "me corte", "cortarme", "no vale la pena vivir", "take my own life",
                    "not want to live", "dont want to live")),
            // overdose
            rule("overdose", c("overdos*", "sobredosis", "too many pills", "whole bottle",
                    "demasiadas pastillas", "todas las pastillas", "frasco entero")),
            rule("overdose", c("took", "taken", "swallowed", "tome", "tomo", "trague", "ingeri"),
                    c("too many", "too much", "extra", "all my", "all of my", "all of her", "all of his", "all her", "all his",
                            "a handful", "handful", "a bunch", "double", "triple", "demasiad*",
                            "muchas", "=todas", "bottle", "frasco"),
                    c("pill*", "tablet*", "meds", "medicine*", "medication*", "pastilla*", "tableta*",
                            "medicina*", "medicamento*", "insulin*", "insulina", "opioid*", "oxy*", "fentanyl")),
            // severe bleeding
            rule("bleeding", c("bleed*", "bled*", "blood", "sangr*", "hemorr*"), c("wont stop", "won t stop", "cant stop",
                    "not stop", "not stopping", "doesnt stop", "heavy", "heavily", "a lot", "lots", "gushing",
                    "pouring", "soak*", "severe*", "profus*", "everywhere", "mucha", "mucho", "no para",
                    "no se detiene", "no deja", "abundante", "chorros", "empap*")),
            rule("bleeding", c("hemorrhag*", "hemorragia*", "vomiting blood", "throwing up blood",
                    "coughing up blood", "vomitando sangre", "vomito sangre", "tosiendo sangre")),
            // stroke signs
            rule("stroke", c("face", "cara", "rostro", "mouth", "boca", "smile", "sonrisa"),
                    c("droop*", "drooping", "numb*", "crooked", "uneven", "lopsided", "caid*", "torcid*",
                            "adormec*", "paraliz*", "chueca")),
            rule("stroke", c("slur*", "garbled", "arrastr*", "trabad*", "confused", "jumbled"),
                    c("speech", "speak*", "talk*", "word*", "habla*", "palabra*", "voz")),
            rule("stroke", c("cant", "cannot", "can not", "unable", "no puedo", "trouble", "no puede"),
                    c("speak", "talk", "hablar", "move my arm", "move my leg", "mover el brazo", "mover la pierna",
                            "lift my arm", "levantar el brazo")),
            rule("stroke", c("sudden*", "all of a sudden", "de repente", "repentin*", "one side", "left side",
                    "right side", "un lado", "lado izquierdo", "lado derecho", "half of my"),
                    c("weak*", "numb*", "debil*", "adormec*", "paraliz*", "cant move", "no puedo mover",
                            "tingl*", "hormigue*")),
            rule("stroke", c("stroke", "derrame cerebral", "derrame", "ictus", "embolia")),
            // anaphylaxis
            rule("anaphylaxis", c("anaphyla*", "anafila*", "epipen", "epi pen", "epinephrine", "epinefrina",
                    "choque alergico", "shock alergico")),
            rule("anaphylaxis", c("throat", "garganta", "tongue", "lengua", "lips", "labios", "face", "cara",
                    "airway"), c("swell*", "swollen", "closing", "closing up", "tight*", "hinchad*", "hincha*",
                    "cerrando", "cierra", "inflamad*")));

    /** Creates the screener. */
    DefaultUrgencyScreener() {
    }

    @Override
    public UrgencyVerdict screen(String text) {
        if (text == null || text.isBlank()) {
            return UrgencyVerdict.notUrgent();
        }
        Set<String> signs = new LinkedHashSet<>();
        for (String clause : CLAUSES.split(normalise(text))) {
            String[] words = words(clause);
            if (words.length == 0) {
                continue;
            }
            boolean past = containsAny(words, PAST) && !containsAny(words, NOW);
            if (past) {
                continue;
            }
            for (Rule rule : RULES) {
                if (!signs.contains(rule.sign()) && rule.matches(words)) {
                    signs.add(rule.sign());
                }
            }
        }
        return signs.isEmpty() ? UrgencyVerdict.notUrgent() : UrgencyVerdict.urgent(signs);
    }

    /** NFD, accents stripped, lower case, apostrophes dropped; punctuation kept for clause splitting. */
    static String normalise(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        return APOSTROPHES.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    private static String[] words(String clause) {
        String trimmed = NON_WORD.matcher(clause).replaceAll(" ").strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split(" ");
    }

    // ------------------------------------------------------------------ rules

    private record Term(String[] words, boolean prefix, boolean exact) {
    }

    private record Concept(List<Term> terms) {
        /** Every (start, end) span where one of the terms matches. */
        List<int[]> spans(String[] words) {
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < words.length; i++) {
                for (Term term : terms) {
                    if (matchesAt(term, words, i)) {
                        out.add(new int[] {i, i + term.words().length - 1});
                    }
                }
            }
            return out;
        }
    }

    private record Rule(String sign, List<Concept> concepts) {
        boolean matches(String[] words) {
            List<List<int[]>> spans = new ArrayList<>();
            for (Concept concept : concepts) {
                List<int[]> found = concept.spans(words);
                if (found.isEmpty()) {
                    return false;
                }
                spans.add(found);
            }
            return search(spans, 0, new ArrayList<>(), words);
        }

        /** Whether one span per concept fits in the window, no two spans sharing a word, not negated. */
        private static boolean search(List<List<int[]>> spans, int index, List<int[]> chosen, String[] words) {
            if (index == spans.size()) {
                int start = chosen.stream().mapToInt(s -> s[0]).min().orElse(0);
                int end = chosen.stream().mapToInt(s -> s[1]).max().orElse(0);
                return end - start < WINDOW + 2 && !negated(words, start);
            }
            for (int[] span : spans.get(index)) {
                boolean overlaps = chosen.stream().anyMatch(s -> span[0] <= s[1] && s[0] <= span[1]);
                if (overlaps) {
                    continue;
                }
                chosen.add(span);
                boolean found = search(spans, index + 1, chosen, words);
                chosen.remove(chosen.size() - 1);
                if (found) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean negated(String[] words, int start) {
        for (int i = Math.max(0, start - 3); i < start; i++) {
            if (NEGATIONS.contains(words[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(Term term, String[] words, int at) {
        String[] parts = term.words();
        if (at + parts.length > words.length) {
            return false;
        }
        for (int k = 0; k < parts.length; k++) {
            boolean last = k == parts.length - 1;
            boolean matches = term.exact() ? parts[k].equals(words[at + k])
                    : wordMatches(parts[k], words[at + k], last && term.prefix());
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    static boolean wordMatches(String pattern, String word, boolean prefix) {
        if (prefix) {
            if (word.startsWith(pattern)) {
                return true;
            }
            if (pattern.length() < 4) {
                return false;
            }
            if (word.length() < pattern.length()) {
                return distance(pattern, word, 1) <= 1;
            }
            if (distance(pattern, word.substring(0, pattern.length()), 1) <= 1) {
                return true;
            }
            return pattern.length() >= 6 && (word.length() > pattern.length()
                    && distance(pattern, word.substring(0, pattern.length() + 1), 1) <= 1
                    || distance(pattern, word.substring(0, pattern.length() - 1), 1) <= 1);
        }
        if (pattern.equals(word)) {
            return true;
        }
        int allowed = pattern.length() >= 8 ? 2 : pattern.length() >= 5 ? 1 : 0;
        return allowed > 0 && Math.abs(pattern.length() - word.length()) <= allowed
                && distance(pattern, word, allowed) <= allowed;
    }

    /** Damerau-Levenshtein (optimal string alignment) distance, cut off above {@code limit}. */
    static int distance(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) {
            return limit + 1;
        }
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[n][m];
    }

    private static boolean containsAny(String[] words, List<List<String>> phrases) {
        for (List<String> phrase : phrases) {
            for (int i = 0; i + phrase.size() <= words.length; i++) {
                boolean all = true;
                for (int k = 0; k < phrase.size() && all; k++) {
                    all = phrase.get(k).equals(words[i + k]);
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<List<String>> phrases(String... phrases) {
        return Arrays.stream(phrases).map(p -> List.of(p.split(" "))).toList();
    }

    private static Rule rule(String sign, Concept... concepts) {
        return new Rule(sign, List.of(concepts));
    }

    private static Concept c(String... terms) {
        List<Term> out = new ArrayList<>();
        for (String term : terms) {
            boolean prefix = term.endsWith("*");
            boolean exact = term.startsWith("=");
            String body = prefix ? term.substring(0, term.length() - 1) : exact ? term.substring(1) : term;
            out.add(new Term(body.split(" "), prefix, exact));
        }
        return new Concept(out);
    }
}
