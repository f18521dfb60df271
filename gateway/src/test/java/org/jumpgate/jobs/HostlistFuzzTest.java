package org.jumpgate.jobs;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Jazzer fuzzing of {@link Hostlist}, 30 s in {@code mvn verify} in a JVM of its own (gateway/pom.xml),
 * from the seeds in {@code HostlistFuzzTestInputs/}; alone:
 * {@code JAZZER_FUZZ=1 mvn -pl gateway -am test -Dtest=HostlistFuzzTest}. Off otherwise, so Jazzer's
 * agent stays out of the shared test JVM; the fixed-seed {@link HostlistPropertyTest} runs always.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class HostlistFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzzedTextExpandsWithinTheBoundOrIsRefused(FuzzedDataProvider data) {
        HostlistPropertyTest.expandOrRefuse(data.consumeRemainingAsString());
    }
}
