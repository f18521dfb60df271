package org.jumpgate.config;

import java.nio.file.Path;
import org.jumpgate.common.ConfigException;
import org.jumpgate.jobs.JobsConfig;
import org.jspecify.annotations.Nullable;

/**
 * The files and directories a configuration names that the gateway will use, each as the
 * gateway resolves it: for {@code jumpgate check}, which looks at every one of them. Read from a
 * valid config ({@link #of}) or, leniently, from a file with errors elsewhere ({@link #read}), so
 * a missing file is listed together with a bad value. A file the gateway would not use (the TOTP
 * secrets under {@code secondFactor: radius}, {@code jobs.file} for another source) is null.
 *
 * @param dataDir          {@code dataDir} (host keys, CA key; made at start if missing), null if its value is bad
 * @param authorizedKeys   {@code auth.authorizedKeys}
 * @param totpSecrets      {@code auth.totpSecrets}, when TOTP is the second factor
 * @param accounts         {@code auth.accounts}
 * @param radiusSecretFile {@code auth.radius.secretFile}, when RADIUS is the second factor
 * @param knownHosts       {@code backendLink.knownHosts} (default {@code dataDir/known_hosts})
 * @param strictHostKeys   {@code backendLink.hostKeyCheck: strict}: the file must hold the keys already
 * @param auditFile        {@code audit.file}
 * @param jobsSource       {@code jobs.source}, null when there is no (valid) jobs section
 * @param squeue           {@code jobs.squeue} for {@code slurm-cli}: a path, or a name looked up on PATH
 * @param slurmConf        {@code jobs.slurmConf} for {@code slurm-cli}
 * @param restTokenFile    {@code jobs.restTokenFile} for {@code slurmrestd}
 * @param jobsFile         {@code jobs.file} for {@code file}
 * @param adminTokenFile   {@code admin.tokenFile}
 */
public record NamedFiles(@Nullable Path dataDir, @Nullable PathTemplate authorizedKeys,
                         @Nullable PathTemplate totpSecrets, @Nullable Path accounts, @Nullable Path radiusSecretFile,
                         @Nullable Path knownHosts, boolean strictHostKeys, @Nullable Path auditFile,
                         JobsConfig.@Nullable Source jobsSource, @Nullable String squeue, @Nullable Path slurmConf,
                         @Nullable Path restTokenFile, @Nullable Path jobsFile, @Nullable Path adminTokenFile) {

    /** What a valid config names. */
    public static NamedFiles of(GatewayConfig c) {
        AuthConfig auth = c.auth();
        boolean codes = auth.parsedMethods().needsKeyboardInteractive();
        boolean totp = codes && auth.secondFactor() == AuthConfig.SecondFactor.TOTP;
        boolean radius = codes && auth.secondFactor() == AuthConfig.SecondFactor.RADIUS && auth.radius() != null;
        JobsConfig jobs = c.jobs();
        JobsConfig.Source source = jobs != null ? jobs.source() : null;
        return new NamedFiles(c.dataDir(), auth.authorizedKeys(), totp ? auth.totpSecrets() : null,
                auth.accounts(), radius ? auth.radius().secretFile() : null,
                c.backendLink().knownHosts(), c.backendLink().strict(), c.auditLog(), source,
                source == JobsConfig.Source.SLURM_CLI ? jobs.squeue() : null,
                source == JobsConfig.Source.SLURM_CLI ? jobs.slurmConf() : null,
                source == JobsConfig.Source.SLURMRESTD ? jobs.restTokenFile() : null,
                source == JobsConfig.Source.FILE ? jobs.file() : null, c.admin().tokenFile());
    }

    /**
     * What {@code file} names, read key by key as {@link ConfigLoader} reads them, whatever is
     * wrong elsewhere in it; a key whose own value is bad is null (the loader reports it).
     *
     * @throws ConfigException only when the file cannot be read or is not a YAML mapping
     */
    public static NamedFiles read(Path file) {
        Section root = Section.parse(ConfigLoader.text(file), file.toAbsolutePath().getParent(),
                "not a mapping");
        Path dataDir = root.path("dataDir", ConfigLoader.DEFAULT_DATA_DIR);
        Section auth = root.section("auth");
        PathTemplate keys = auth.value("authorizedKeys", null, s -> new PathTemplate(auth.resolve(s).toString()));
        String methods = auth.value("methods", AuthConfig.DEFAULT_METHODS, s -> s);
        boolean codes = methods == null || needsCodes(methods);
        AuthConfig.SecondFactor factor = auth.value("secondFactor", "totp", AuthConfig.SecondFactor::parse);
        PathTemplate totp = codes && factor == AuthConfig.SecondFactor.TOTP
                ? auth.value("totpSecrets", null, s -> new PathTemplate(auth.resolve(s).toString())) : null;
        Path accounts = auth.path("accounts", null);
        Path radius = codes && factor == AuthConfig.SecondFactor.RADIUS
                ? auth.section("radius").path("secretFile", null) : null;
        Section link = root.section("backendLink");
        Path known = link.path("knownHosts", null);
        if (known == null && !link.has("knownHosts") && dataDir != null) {
            known = dataDir.resolve("known_hosts");
        }
        boolean strict = "strict".equals(link.value("hostKeyCheck", "accept-new", String::strip));
        Path audit = root.section("audit").path("file", null);
        Section jobs = root.section("jobs");
        JobsConfig.Source source = jobs.present() ? jobs.value("source", null, s -> JobsConfig.Source.fromKey(s.strip()))
                : null;
        String squeue = jobs.value("squeue", JobsConfig.DEFAULT_SQUEUE, String::strip);
        Path admin = root.section("admin").path("tokenFile", null);
        return new NamedFiles(dataDir, keys, totp, accounts, radius, known, strict, audit, source,
                source == JobsConfig.Source.SLURM_CLI ? squeue : null,
                source == JobsConfig.Source.SLURM_CLI ? jobs.path("slurmConf", null) : null,
                source == JobsConfig.Source.SLURMRESTD ? jobs.path("restTokenFile", null) : null,
                source == JobsConfig.Source.FILE ? jobs.path("file", null) : null, admin);
    }

    private static boolean needsCodes(String methods) {
        try {
            return AuthMethods.parse(methods).needsKeyboardInteractive();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
