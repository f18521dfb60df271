package org.jumpgate.jobs;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Jazzer fuzzing of {@link Hostlist}: {@code JAZZER_FUZZ=1 mvn -pl gateway -am test -Dtest=HostlistFuzzTest}.
 * Off otherwise, so Jazzer's agent stays out of the shared test JVM; the fixed-seed
 * {@link HostlistPropertyTest} runs always.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class HostlistFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void fuzzedTextExpandsWithinTheBoundOrIsRefused(FuzzedDataProvider data) {
        HostlistPropertyTest.expandOrRefuse(data.consumeRemainingAsString());
    }
}
