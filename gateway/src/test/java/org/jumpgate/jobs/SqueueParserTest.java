package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqueueParserTest {

    @Test
    void parsesOneJobPerLineWithItsHostlistExpanded() {
        List<RunningJob> jobs = SqueueParser.parse("""
                1|jgalice|RUNNING|cn-a001
                2|jgbob|RUNNING|cn-a[001-002]
                3_1|jgalice|RUNNING|cn-a002
                """);
        assertThat(jobs).containsExactly(
                new RunningJob("1", "jgalice", List.of("cn-a001")),
                new RunningJob("2", "jgbob", List.of("cn-a001", "cn-a002")),
                new RunningJob("3_1", "jgalice", List.of("cn-a002")));
    }

    @Test
    void arrayTasksAndHeterogeneousComponentsKeepTheirIds() {
        assertThat(SqueueParser.parse("123_4|u|RUNNING|n1\n77+1|u|RUNNING|n2"))
                .extracting(RunningJob::jobId).containsExactly("123_4", "77+1");
    }

    @Test
    void oddWhitespaceAndBlankLinesAreIgnored() {
        assertThat(SqueueParser.parse("\r\n   \n\t 9 | u1 |RUNNING| cn-b[07-08],cn-c1 \r\n\n"))
                .containsExactly(new RunningJob("9", "u1", List.of("cn-b07", "cn-b08", "cn-c1")));
    }

    @Test
    void malformedLinesAreSkippedAndTheRestKept() {
        List<RunningJob> jobs = SqueueParser.parse("""
                garbage
                1|u|RUNNING
                x1|u|RUNNING|n1
                3_[2-5]|u|RUNNING|n1
                2||RUNNING|n1
                4|u|RUNNING|n[1-
                5|u|RUNNING|
                6|u|running?|n1
                7|a b|RUNNING|n1
                8|u|RUNNING|n1|extra
                10|ok|RUNNING|n9
                """);
        assertThat(jobs).containsExactly(new RunningJob("10", "ok", List.of("n9")));
    }

    @Test
    void jobsInOtherStatesAreLeftOutQuietly() {
        assertThat(SqueueParser.parse("1|u|COMPLETING|n1\n2|u|PENDING|\n3|u|RUNNING|n3"))
                .extracting(RunningJob::jobId).containsExactly("3");
    }

    @Test
    void nodeNamesAreLowerCased() {
        assertThat(SqueueParser.parse("1|u|RUNNING|CN-A[1-2]").get(0).nodes()).containsExactly("cn-a1", "cn-a2");
    }

    @Test
    void emptyOutputIsNoJobs() {
        assertThat(SqueueParser.parse("")).isEmpty();
    }
}
