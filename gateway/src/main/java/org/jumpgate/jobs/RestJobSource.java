package org.jumpgate.jobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jumpgate.common.Durations;

/**
 * GETs {@code /slurm/VERSION/jobs} from slurmrestd with {@code X-SLURM-USER-NAME} and
 * {@code X-SLURM-USER-TOKEN}. The token file is read at every call (tokens expire and are
 * rotated) and its content never appears in a message. The answer is bounded by
 * {@link #MAX_RESPONSE_BYTES} and the call by {@link #TIMEOUT}. Plain HTTP/1.1: slurmrestd 22.05
 * cannot take an HTTP/2 upgrade offer.
 */
final class RestJobSource implements JobSource {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final long MAX_RESPONSE_BYTES = 64L << 20;
    static final int MAX_TOKEN_BYTES = 16 * 1024;
    private static final String TOKEN_PREFIX = "SLURM_JWT=";

    private final URI jobs;
    private final String user;
    private final Path tokenFile;
    private final Duration timeout;
    private final long maxBytes;
    private final HttpClient client;

    RestJobSource(URI base, String apiVersion, String user, Path tokenFile, Duration timeout, long maxBytes) {
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.jobs = base.resolve(path + "/slurm/" + apiVersion + "/jobs");
        this.user = user;
        this.tokenFile = tokenFile;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        // HTTP/1.1 only: slurmrestd 22.05 answers the h2c upgrade offer with a broken "405 NOT ALLOWED"
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI jobsUri() {
        return jobs;
    }

    @Override
    public List<RunningJob> fetch() throws SchedulerUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(jobs).timeout(timeout).GET()
                .header("Accept", "application/json")
                .header("X-SLURM-USER-NAME", user)
                .header("X-SLURM-USER-TOKEN", token())
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = new Bounded(response.body(), maxBytes)) {
                int status = response.statusCode();
                RestJobsParser.Parsed parsed = parseOrNull(body, status);
                if (status != 200 || parsed == null || !parsed.errors().isEmpty()) {
                    String said = parsed == null || parsed.errors().isEmpty() ? "" : ": " + String.join("; ", parsed.errors());
                    throw new SchedulerUnavailableException("slurmrestd answered HTTP " + status + said);
                }
                return parsed.jobs();
            }
        } catch (HttpTimeoutException e) {
            throw new SchedulerUnavailableException("slurmrestd did not answer within " + Durations.show(timeout), e);
        } catch (IOException e) {
            throw new SchedulerUnavailableException("cannot read jobs from slurmrestd at " + jobs + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnavailableException("interrupted while asking slurmrestd", e);
        }
    }

    /** The body parsed, or null when a failed answer is not JSON; a too-large body always throws. */
    private static RestJobsParser.Parsed parseOrNull(InputStream body, int status) throws IOException {
        try {
            return RestJobsParser.parse(body);
        } catch (TooLarge e) {
            throw e;
        } catch (IOException e) {
            if (status == 200) {
                throw new IOException("not a jobs answer: " + e.getMessage(), e);
            }
            return null;
        }
    }

    private String token() throws SchedulerUnavailableException {
        String text;
        try {
            if (Files.size(tokenFile) > MAX_TOKEN_BYTES) {
                throw new SchedulerUnavailableException("token file " + tokenFile + " is larger than " + MAX_TOKEN_BYTES + " bytes");
            }
            text = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new SchedulerUnavailableException("cannot read token file " + tokenFile + ": " + e.getClass().getSimpleName(), e);
        }
        if (text.startsWith(TOKEN_PREFIX)) {
            text = text.substring(TOKEN_PREFIX.length()).strip();
        }
        if (text.isEmpty() || !text.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new SchedulerUnavailableException("token file " + tokenFile + " does not hold one JWT");
        }
        return text;
    }

    /** Fails once more than {@code limit} bytes have been read. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            add(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            add(Math.max(n, 0));
            return n;
        }

        private void add(int n) throws TooLarge {
            count += n;
            if (count > limit) {
                throw new TooLarge(limit);
            }
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("answer larger than " + limit + " bytes");
        }
    }
}
