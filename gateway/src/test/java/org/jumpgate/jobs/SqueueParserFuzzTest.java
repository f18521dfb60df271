package org.jumpgate.jobs;

import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.slf4j.LoggerFactory;

/**
 * Jazzer fuzzing of {@link SqueueParser}, 30 s in {@code mvn verify} in a JVM of its own (gateway/pom.xml),
 * from the seeds in {@code SqueueParserFuzzTestInputs/}; alone:
 * {@code JAZZER_FUZZ=1 mvn -pl gateway -am test -Dtest=SqueueParserFuzzTest}. Off otherwise;
 * {@link SqueueParserPropertyTest} runs always.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class SqueueParserFuzzTest {

    static {
        // skipped lines are logged: at fuzzing speed that is only noise
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(SqueueParser.class)).setLevel(Level.ERROR);
    }

    @FuzzTest(maxDuration = "30s")
    void fuzzedOutputNeverThrows(FuzzedDataProvider data) {
        SqueueParserPropertyTest.parsesWithoutThrowing(data.consumeRemainingAsString());
    }
}
