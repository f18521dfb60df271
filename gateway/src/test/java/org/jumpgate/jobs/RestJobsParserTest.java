package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestJobsParserTest {

    @Test
    void realSlurm2205AnswerGivesRunningJobsWithSqueueStyleIds() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/jobs/slurmrestd-v0.0.38-jobs.json")) {
            RestJobsParser.Parsed parsed = RestJobsParser.parse(in);
            assertThat(parsed.errors()).isEmpty();
            assertThat(parsed.jobs()).containsExactly(
                    new RunningJob("1", "jgalice", List.of("cn-a001")),
                    new RunningJob("2", "jgbob", List.of("cn-a001", "cn-a002")),
                    new RunningJob("3_1", "jgalice", List.of("cn-a002")));
        }
    }

    @Test
    void laterApiShapeWithStateListsAndNumberObjectsIsRead() throws IOException {
        RestJobsParser.Parsed parsed = parse("""
                {"jobs": [
                  {"job_id": 9, "array_job_id": {"set": true, "number": 8}, "array_task_id": {"set": true, "number": 3},
                   "user_name": "u", "job_state": ["RUNNING", "COMPLETING"], "nodes": "n[1-2]"},
                  {"job_id": 10, "array_job_id": {"set": true, "number": 0}, "array_task_id": {"set": false, "number": 0},
                   "het_job_id": {"set": true, "number": 10}, "het_job_offset": {"set": true, "number": 1},
                   "user_name": "v", "job_state": ["RUNNING"], "nodes": "n3"},
                  {"job_id": 11, "user_name": "w", "job_state": ["PENDING"], "nodes": ""}
                ], "errors": [], "warnings": []}
                """);
        assertThat(parsed.jobs()).containsExactly(
                new RunningJob("8_3", "u", List.of("n1", "n2")),
                new RunningJob("10+1", "v", List.of("n3")));
    }

    @Test
    void malformedJobsAreSkippedAndTheRestKept() throws IOException {
        RestJobsParser.Parsed parsed = parse("""
                {"meta": {"x": [1, {"y": 2}]}, "jobs": [
                  {"job_id": "x", "user_name": "a", "job_state": "RUNNING", "nodes": "n1"},
                  {"job_id": 2, "user_name": "", "job_state": "RUNNING", "nodes": "n1"},
                  {"job_id": 3, "user_name": "c", "job_state": "RUNNING", "nodes": "n[1-"},
                  {"job_id": 4, "user_name": "d", "job_state": "RUNNING", "nodes": ""},
                  {"job_id": 5, "user_name": "e", "job_state": "RUNNING", "nodes": "n5"},
                  7
                ]}
                """);
        assertThat(parsed.jobs()).containsExactly(new RunningJob("5", "e", List.of("n5")));
    }

    @Test
    void reportedErrorsAreReturned() throws IOException {
        RestJobsParser.Parsed parsed = parse("""
                {"errors": [{"description": "Failed while looking for jobs", "error_number": -1,
                  "error": "Unspecified error", "source": "slurm_load_jobs"}, {"error": "other"}], "jobs": []}
                """);
        assertThat(parsed.errors()).containsExactly("Failed while looking for jobs", "other");
        assertThat(parsed.jobs()).isEmpty();
    }

    @Test
    void notAnObjectIsAnError() {
        assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("{\"jobs\": [")).isInstanceOf(IOException.class);
    }

    private static RestJobsParser.Parsed parse(String json) throws IOException {
        return RestJobsParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
