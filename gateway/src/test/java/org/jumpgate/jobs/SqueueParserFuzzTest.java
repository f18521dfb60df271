package org.jumpgate.jobs;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Jazzer fuzzing of {@link SqueueParser}: {@code JAZZER_FUZZ=1 mvn -pl gateway -am test -Dtest=SqueueParserFuzzTest}.
 * Off otherwise; {@link SqueueParserPropertyTest} runs always.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class SqueueParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void fuzzedOutputNeverThrows(FuzzedDataProvider data) {
        SqueueParserPropertyTest.parsesWithoutThrowing(data.consumeRemainingAsString());
    }
}
