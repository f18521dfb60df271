package org.jumpgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jumpgate.jobs.JobsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a config names are read the same leniently as from the loaded config, so check and serve agree. */
class NamedFilesTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path cfg = dir.resolve("jumpgate.yaml");
        Files.writeString(cfg, yaml);
        return cfg;
    }

    @Test
    void readLenientlyTheyAreThoseOfTheLoadedConfig() throws Exception {
        String[] configs = {
            "auth: {authorizedKeys: keys/%u, totpSecrets: totp/%u}\nbackends: [{name: l1, address: \"127.0.0.1:22\"}]\n",
            "dataDir: data\nauth: {authorizedKeys: /k/%u, totpSecrets: /t/%u, accounts: acc.yaml, secondFactor: radius,"
                    + " radius: {servers: [\"127.0.0.1\"], secretFile: r.secret}}\n"
                    + "backends: [{name: l1, address: \"127.0.0.1:22\"}]\naudit: {file: log/audit.log}\n"
                    + "backendLink: {knownHosts: kh, hostKeyCheck: strict}\nadmin: {tokenFile: admin.token}\n"
                    + "jobs: {source: slurmrestd, restUrl: \"http://127.0.0.1:6820\", restUser: u, restTokenFile: t.jwt,"
                    + " file: unused.yaml}\n",
            "auth: {methods: publickey, authorizedKeys: /k/%u, totpSecrets: /t/%u}\n"
                    + "backends: [{name: l1, address: \"127.0.0.1:22\"}]\njobs: {source: file, file: jobs.yaml}\n",
            "auth: {authorizedKeys: /k/%u, totpSecrets: /t/%u}\nbackends: [{name: l1, address: \"127.0.0.1:22\"}]\n"
                    + "jobs: {source: slurm-cli, slurmConf: /etc/slurm/slurm.conf}\n",
        };
        for (String yaml : configs) {
            Path cfg = write(yaml);
            assertThat(NamedFiles.read(cfg)).as(yaml).isEqualTo(NamedFiles.of(ConfigLoader.load(cfg)));
        }
    }

    @Test
    void onlyWhatTheGatewayUsesIsNamed() throws Exception {
        NamedFiles n = NamedFiles.read(write("auth: {methods: publickey, authorizedKeys: /k/%u, totpSecrets: /t/%u}\n"
                + "jobs: {source: file, file: jobs.yaml, restTokenFile: t.jwt}\n"));
        assertThat(n.totpSecrets()).as("no code step: no secrets read").isNull();
        assertThat(n.jobsFile()).isEqualTo(dir.resolve("jobs.yaml"));
        assertThat(n.restTokenFile()).isNull();
        assertThat(n.dataDir()).isEqualTo(Path.of("/var/lib/jumpgate"));
        assertThat(n.knownHosts()).isEqualTo(Path.of("/var/lib/jumpgate/known_hosts"));
    }

    @Test
    void filesAreNamedEvenWhenOtherKeysAreWrong() throws Exception {
        NamedFiles n = NamedFiles.read(write("listen: x:y\nbackends: []\nbogus: 1\n"
                + "auth: {authorizedKeys: /k/%u, totpSecrets: /t/%u, accounts: /a.yaml, acceptEnv: 3}\n"
                + "jobs: {source: file, file: /j.yaml, refresh: never}\n"));
        assertThat(n.accounts()).isEqualTo(Path.of("/a.yaml"));
        assertThat(n.totpSecrets()).isEqualTo(new PathTemplate("/t/%u"));
        assertThat(n.jobsSource()).isEqualTo(JobsConfig.Source.FILE);
        assertThat(n.jobsFile()).isEqualTo(Path.of("/j.yaml"));
    }
}
