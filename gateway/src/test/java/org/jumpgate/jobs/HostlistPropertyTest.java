package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link Hostlist}: random well-formed expressions expand to what an independent
 * model says; random text either expands within the bound or is refused with an
 * IllegalArgumentException, never anything else. Fixed seeds; {@link HostlistFuzzTest} fuzzes.
 */
class HostlistPropertyTest {

    private static final long SEED = 20261126L;
    private static final int ROUNDS = 3_000;
    private static final String ALPHABET = "cn-a[]0123456789,_. x|";

    @Test
    void wellFormedExpressionsExpandAsTheModelSays() {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            StringBuilder expr = new StringBuilder();
            List<String> expected = new ArrayList<>();
            int names = 1 + random.nextInt(3);
            for (int n = 0; n < names; n++) {
                if (n > 0) {
                    expr.append(',');
                }
                List<String> partial = List.of("");
                int segments = 1 + random.nextInt(3);
                for (int s = 0; s < segments; s++) {
                    List<String> values = random.nextBoolean() ? literal(random, expr) : group(random, expr);
                    List<String> next = new ArrayList<>();
                    for (String p : partial) {
                        for (String v : values) {
                            next.add(p + v);
                        }
                    }
                    partial = next;
                }
                expected.addAll(partial);
            }
            assertThat(Hostlist.expand(expr.toString())).as(expr.toString()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void arbitraryTextExpandsWithinTheBoundOrIsRefused() {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS * 5; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            expandOrRefuse(text.toString());
        }
    }

    static void expandOrRefuse(String text) {
        try {
            List<String> hosts = Hostlist.expand(text);
            assertThat(hosts.size()).isLessThanOrEqualTo(Hostlist.MAX_HOSTS);
            assertThat(hosts).allSatisfy(h -> assertThat(h).isNotEmpty().doesNotContain(",", "[", "]", " "));
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageStartingWith("malformed hostlist");
        }
    }

    private static List<String> literal(Random random, StringBuilder expr) {
        String[] words = {"cn-a", "rack", "-", "x_y", "n.", "b07"};
        String word = words[random.nextInt(words.length)];
        expr.append(word);
        return List.of(word);
    }

    private static List<String> group(Random random, StringBuilder expr) {
        List<String> values = new ArrayList<>();
        expr.append('[');
        int ranges = 1 + random.nextInt(3);
        for (int r = 0; r < ranges; r++) {
            if (r > 0) {
                expr.append(',');
            }
            int width = 1 + random.nextInt(3);
            int low = random.nextInt(20);
            int high = low + random.nextInt(4);
            String lo = String.format("%0" + width + "d", low);
            expr.append(lo);
            if (high != low || random.nextBoolean()) {
                expr.append('-').append(high);
            }
            for (int v = low; v <= high; v++) {
                values.add(String.format("%0" + width + "d", v));
            }
        }
        expr.append(']');
        return values;
    }
}
