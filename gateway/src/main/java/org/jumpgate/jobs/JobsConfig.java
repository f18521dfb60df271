package org.jumpgate.jobs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.Durations;

/**
 * The {@code jobs:} section of the gateway config. Null fields take their defaults; every problem
 * is reported at once in a {@link ConfigException}, each as "key: 'value' ... expected ...".
 *
 * @param source         where jobs come from ({@code slurm-cli}, {@code slurmrestd}, {@code file})
 * @param refresh        how often the cluster-wide snapshot is refreshed (default 5s, 1s to 10m)
 * @param squeue         the squeue command, a path or a name looked up on PATH (default {@code squeue})
 * @param slurmConf      optional SLURM_CONF for squeue; null to inherit the gateway's environment
 * @param restUrl        slurmrestd base URL, e.g. {@code http://127.0.0.1:6820}
 * @param restApiVersion slurmrestd API version (default {@code v0.0.38}, Slurm 22.05)
 * @param restUser       the X-SLURM-USER-NAME the gateway calls slurmrestd as
 * @param restTokenFile  file holding that user's JWT ({@code scontrol token} output is accepted);
 *                       read again at every refresh so it can be rotated
 * @param file           for {@code source: file}: YAML {@code user: [node, ...]}
 */
public record JobsConfig(Source source, Duration refresh, String squeue, Path slurmConf, URI restUrl,
                         String restApiVersion, String restUser, Path restTokenFile, Path file) {

    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    public static final Duration MIN_REFRESH = Duration.ofSeconds(1);
    public static final Duration MAX_REFRESH = Duration.ofMinutes(10);
    public static final String DEFAULT_SQUEUE = "squeue";
    public static final String DEFAULT_REST_API_VERSION = "v0.0.38";

    private static final Pattern API_VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+");
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._@-]{0,63}");

    /** The {@code jobs.source} values. */
    public enum Source {
        SLURM_CLI("slurm-cli"), SLURMRESTD("slurmrestd"), FILE("file");

        private final String key;

        Source(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The source named {@code key}, or null if there is none. */
        public static Source fromKey(String key) {
            return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst().orElse(null);
        }
    }

    public JobsConfig {
        refresh = refresh == null ? DEFAULT_REFRESH : refresh;
        squeue = squeue == null ? DEFAULT_SQUEUE : squeue;
        restApiVersion = restApiVersion == null ? DEFAULT_REST_API_VERSION : restApiVersion;
        List<String> errors = new ArrayList<>();
        if (source == null) {
            errors.add("jobs.source: missing: expected one of " + keys());
        }
        if (refresh.compareTo(MIN_REFRESH) < 0 || refresh.compareTo(MAX_REFRESH) > 0) {
            errors.add("jobs.refresh: '" + Durations.show(refresh) + "' is out of range: expected from 1s to 10m");
        }
        if (source == Source.SLURM_CLI && squeue.isBlank()) {
            errors.add("jobs.squeue: '' is blank: expected a path or a command name such as squeue");
        }
        if (source == Source.SLURMRESTD) {
            checkRest(restUrl, restApiVersion, restUser, restTokenFile, errors);
        }
        if (source == Source.FILE && file == null) {
            errors.add("jobs.file: missing: expected a YAML file of user: [node, ...] for source file");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    public static JobsConfig slurmCli(String squeue, Path slurmConf) {
        return new JobsConfig(Source.SLURM_CLI, null, squeue, slurmConf, null, null, null, null, null);
    }

    public static JobsConfig slurmrestd(URI restUrl, String restUser, Path restTokenFile) {
        return new JobsConfig(Source.SLURMRESTD, null, null, null, restUrl, null, restUser, restTokenFile, null);
    }

    public static JobsConfig file(Path file) {
        return new JobsConfig(Source.FILE, null, null, null, null, null, null, null, file);
    }

    public JobsConfig withRefresh(Duration newRefresh) {
        return new JobsConfig(source, newRefresh, squeue, slurmConf, restUrl, restApiVersion, restUser,
                restTokenFile, file);
    }

    /** How old a snapshot may be before lookups answer UNAVAILABLE: three refresh intervals. */
    public Duration staleAfter() {
        return refresh.multipliedBy(3);
    }

    private static void checkRest(URI url, String version, String user, Path tokenFile, List<String> errors) {
        if (url == null) {
            errors.add("jobs.restUrl: missing: expected the slurmrestd URL, e.g. http://127.0.0.1:6820");
        } else {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                    || url.getRawQuery() != null || url.getRawFragment() != null) {
                errors.add("jobs.restUrl: '" + url + "' is not allowed: expected http(s)://host:port[/prefix]");
            }
        }
        if (!API_VERSION.matcher(version).matches()) {
            errors.add("jobs.restApiVersion: '" + version + "' is not allowed: expected vX.Y.Z, e.g. v0.0.38");
        }
        if (user == null || !USER_NAME.matcher(user).matches()) {
            errors.add("jobs.restUser: '" + (user == null ? "" : user)
                    + "' is not allowed: expected the user name slurmrestd's tokens are issued to");
        }
        if (tokenFile == null) {
            errors.add("jobs.restTokenFile: missing: expected a file holding a JWT from scontrol token");
        }
    }

    public static String keys() {
        return String.join(", ", Arrays.stream(Source.values()).map(Source::key).toList());
    }

}
