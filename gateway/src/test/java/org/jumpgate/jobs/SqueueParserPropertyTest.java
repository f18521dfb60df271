package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link SqueueParser} with fixed seeds: generated well-formed output, padded with
 * random whitespace and interleaved with junk lines, gives back exactly the jobs it was made from;
 * random text never makes it throw. {@link SqueueParserFuzzTest} fuzzes the same property.
 */
class SqueueParserPropertyTest {

    private static final long SEED = 42_2026L;
    private static final int ROUNDS = 2_000;
    private static final String[] SPACE = {"", " ", "  ", "\t"};
    private static final String[] JUNK = {"", "   ", "x", "1|u|RUNNING", "|||", "1|u|RUNNING|n[", "squeue: error"};
    private static final String ALPHABET = "0123456789_+|un-[],RUNIG \t\r\n";

    @Test
    void generatedOutputParsesBackToItsJobs() {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            List<RunningJob> jobs = new ArrayList<>();
            StringBuilder out = new StringBuilder();
            int count = random.nextInt(6);
            for (int i = 0; i < count; i++) {
                if (random.nextInt(3) == 0) {
                    out.append(JUNK[random.nextInt(JUNK.length)]).append(random.nextBoolean() ? "\n" : "\r\n");
                }
                String id = (1 + random.nextInt(99999)) + (random.nextBoolean() ? "_" + random.nextInt(50) : "");
                String user = "user" + random.nextInt(5);
                int first = random.nextInt(10);
                int last = first + random.nextInt(3);
                String hostlist = last == first ? "cn-a" + first : "cn-a[" + first + "-" + last + "]";
                List<String> nodes = new ArrayList<>();
                for (int n = first; n <= last; n++) {
                    nodes.add("cn-a" + n);
                }
                jobs.add(new RunningJob(id, user, nodes));
                out.append(pad(random, id)).append('|').append(pad(random, user)).append('|')
                        .append(pad(random, "RUNNING")).append('|').append(pad(random, hostlist)).append('\n');
            }
            assertThat(SqueueParser.parse(out.toString())).as(out.toString()).containsExactlyElementsOf(jobs);
        }
    }

    @Test
    void arbitraryTextNeverThrows() {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS * 5; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            parsesWithoutThrowing(text.toString());
        }
    }

    static void parsesWithoutThrowing(String text) {
        for (RunningJob job : SqueueParser.parse(text)) {
            assertThat(job.nodes()).isNotEmpty();
            assertThat(job.user()).doesNotContain("|", " ");
        }
    }

    private static String pad(Random random, String s) {
        return SPACE[random.nextInt(SPACE.length)] + s + SPACE[random.nextInt(SPACE.length)];
    }
}
