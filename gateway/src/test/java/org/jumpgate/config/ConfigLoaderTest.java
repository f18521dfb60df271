package org.jumpgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.Durations;

class ConfigLoaderTest {

    private static final Path BASE = Path.of("/etc/jumpgate");

    @Test
    void minimalConfigGetsTheDocumentedDefaults() throws Exception {
        GatewayConfig c = ConfigLoader.parse("""
                auth:
                  authorizedKeys: /etc/jumpgate/keys/%u
                  totpSecrets: /etc/jumpgate/totp/%u
                backends:
                  - name: login-1
                    address: "10.0.0.11:22"
                """, BASE);
        assertThat(c.listen()).isEqualTo(new HostPort("0.0.0.0", 2222));
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/jumpgate"));
        assertThat(c.auth().methods()).isEqualTo("publickey,keyboard-interactive");
        assertThat(c.auth().acceptEnv()).containsExactly("LANG", "LC_*");
        assertThat(c.backendLink().certValidity()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.backendLink().knownHosts()).isEqualTo(Path.of("/var/lib/jumpgate/known_hosts"));
        assertThat(c.backends().get(0).backend().port()).isEqualTo(22);
    }

    @Test
    void everyErrorIsListedAtOnceWithKeyValueAndExpectation() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                listen: "nowhere:port"
                colour: blue
                auth:
                  methods: "publickey,password"
                backends:
                  - name: login-1
                    address: "10.0.0.11:99999"
                  - address: "10.0.0.12"
                backendLink:
                  connectTimeout: soon
                """, BASE))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).satisfiesExactlyInAnyOrder(
                        l -> assertThat(l).startsWith("listen: 'nowhere:port'").contains("not a number"),
                        l -> assertThat(l).startsWith("colour: unknown key"),
                        l -> assertThat(l).startsWith("auth.methods: 'publickey,password'").contains("password"),
                        l -> assertThat(l).startsWith("auth.authorizedKeys: missing"),
                        l -> assertThat(l).startsWith("backends[0].address: '10.0.0.11:99999'").contains("0..65535"),
                        l -> assertThat(l).startsWith("backends[1].name: missing"),
                        l -> assertThat(l).startsWith("backendLink.connectTimeout: 'soon'").contains("500ms")));
    }

    @Test
    void keyboardInteractiveWithoutSecretsIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                auth: {authorizedKeys: /k/%u}
                backends: [{name: l1, address: "10.0.0.1:22"}]
                """, BASE)).hasMessageContaining("auth.totpSecrets: missing");
    }

    @Test
    void publickeyAloneNeedsNoSecrets() throws Exception {
        GatewayConfig c = ConfigLoader.parse("""
                auth: {methods: publickey, authorizedKeys: /k/%u}
                backends: [{name: l1, address: "10.0.0.1:22"}]
                """, BASE);
        assertThat(c.auth().parsedMethods().needsKeyboardInteractive()).isFalse();
    }

    @Test
    void duplicateBackendNamesAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                auth: {methods: publickey, authorizedKeys: /k/%u}
                backends: [{name: l1, address: "10.0.0.1:22"}, {name: l1, address: "10.0.0.2:22"}]
                """, BASE)).hasMessageContaining("'l1' appears twice");
    }

    @Test
    void relativePathsResolveAgainstTheConfigDirectory() throws Exception {
        GatewayConfig c = ConfigLoader.parse("""
                dataDir: data
                auth: {methods: publickey, authorizedKeys: keys/%u}
                backends: [{name: l1, address: "[fd00::1]:2200"}]
                """, BASE);
        assertThat(c.dataDir()).isEqualTo(Path.of("/etc/jumpgate/data"));
        assertThat(c.auth().authorizedKeys().resolve("alice")).isEqualTo(Path.of("/etc/jumpgate/keys/alice"));
        assertThat(c.backends().get(0).backend().host()).isEqualTo("fd00::1");
    }

    @Test
    void backendLinkKeyExchangeCanBeChosenAndIsChecked() throws Exception {
        GatewayConfig c = ConfigLoader.parse("""
                auth: {methods: publickey, authorizedKeys: /k/%u}
                backends: [{name: l1, address: "10.0.0.1:22"}]
                backendLink: {kex: [curve25519-sha256]}
                """, BASE);
        assertThat(c.backendLink().kex()).containsExactly("curve25519-sha256");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                auth: {methods: publickey, authorizedKeys: /k/%u}
                backends: [{name: l1, address: "10.0.0.1:22"}]
                backendLink: {kex: [diffie-hellman-group1-sha1]}
                """, BASE)).hasMessageContaining("backendLink.kex: 'diffie-hellman-group1-sha1' is not a supported");
    }

    @Test
    void backendLinkKeepalivesAreOpenSshsServerAliveTenSecondsThreeTimesUnlessSet() throws Exception {
        String base = "auth: {methods: publickey, authorizedKeys: /k/%u}\n"
                + "backends: [{name: l1, address: \"10.0.0.1:22\"}]\n";
        GatewayConfig c = ConfigLoader.parse(base, BASE);
        assertThat(c.backendLink().keepalive()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.backendLink().keepaliveCountMax()).isEqualTo(3);
        assertThat(c.backendLink().hungAfter()).isEqualTo(Duration.ofSeconds(30));

        GatewayConfig off = ConfigLoader.parse(base + "backendLink: {keepalive: 0s, keepaliveCountMax: 5}\n", BASE);
        assertThat(off.backendLink().keepalive()).isZero();
        assertThat(off.backendLink().keepaliveCountMax()).isEqualTo(5);

        assertThatThrownBy(() -> ConfigLoader.parse(base + "backendLink: {keepalive: 100ms, keepaliveCountMax: 0}\n",
                BASE)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "backendLink.keepalive: 100ms, expected 0s (none) or 1s..10m",
                        "backendLink.keepaliveCountMax: 0, expected 1..100"));
        assertThatThrownBy(() -> ConfigLoader.parse(base + "backendLink: {keepaliveCountMax: three}\n", BASE))
                .hasMessageContaining("backendLink.keepaliveCountMax: 'three' is not a whole number");
    }

    @Test
    void backendLinksLingerThirtySecondsAndArePooledOnlyWhenAsked() throws Exception {
        String base = "auth: {methods: publickey, authorizedKeys: /k/%u}\n"
                + "backends: [{name: l1, address: \"10.0.0.1:22\"}]\n";
        GatewayConfig c = ConfigLoader.parse(base, BASE);
        assertThat(c.backendLink().linger()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.backendLink().pool().on()).isFalse();

        GatewayConfig set = ConfigLoader.parse(base + "backendLink: {linger: 0s, pool: {size: 2, maxAge: 45s}}\n", BASE);
        assertThat(set.backendLink().lingers()).isFalse();
        assertThat(set.backendLink().pool()).isEqualTo(new BackendLinkConfig.Pool(2, Duration.ofSeconds(45)));
        assertThat(ConfigLoader.parse(base + "backendLink: {pool: {size: 1}}\n", BASE).backendLink().pool().maxAge())
                .isEqualTo(Duration.ofSeconds(60));

        assertThatThrownBy(() -> ConfigLoader.parse(base
                + "backendLink: {pool: {size: 9, maxAge: 120s, idle: 1}}\n", BASE))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "backendLink.pool.size: 9, expected 0 (off)..5",
                        "backendLink.pool.maxAge: 2m, expected 5s..100s (below the login nodes' sshd LoginGraceTime)",
                        "backendLink.pool.idle: unknown key, expected one of [maxAge, size]"));
        assertThatThrownBy(() -> ConfigLoader.parse(base + "backendLink: {linger: 2h}\n", BASE))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "backendLink.linger: 2h, expected 0s (off)..1h"));
    }

    @Test
    void aBackendKemKeyPairServesSixteenExchangesForAMinuteUnlessSetOtherwise() throws Exception {
        String base = "auth: {methods: publickey, authorizedKeys: /k/%u}\n"
                + "backends: [{name: l1, address: \"10.0.0.1:22\"}]\n";
        assertThat(ConfigLoader.parse(base, BASE).backendLink().kemKeyReuse())
                .isEqualTo(new BackendLinkConfig.KemKeyReuse(16, Duration.ofSeconds(60)));
        assertThat(ConfigLoader.parse(base + "backendLink: {kemKeyReuse: {uses: 1}}\n", BASE).backendLink().kemKeyReuse())
                .as("OpenSSH's way").isEqualTo(new BackendLinkConfig.KemKeyReuse(1, Duration.ofSeconds(60)));

        assertThatThrownBy(() -> ConfigLoader.parse(base
                + "backendLink: {kemKeyReuse: {uses: 0, maxAge: 1h, size: 2}}\n", BASE))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "backendLink.kemKeyReuse.uses: 0, expected 1 (a fresh key pair each time)..256",
                        "backendLink.kemKeyReuse.maxAge: 1h, expected 1s..10m",
                        "backendLink.kemKeyReuse.size: unknown key, expected one of [maxAge, uses]"));
    }

    @Test
    void notYamlIsOneClearError() {
        assertThatThrownBy(() -> ConfigLoader.parse("listen: [unclosed", BASE)).hasMessageContaining("not valid YAML");
    }

    @Test
    void durationsReadAsOperatorsWriteThem() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("expected e.g.");
    }

    @Test
    void cidrContainsWhatItShould() {
        Cidr c = Cidr.parse("10.0.1.0/24");
        assertThat(c.contains(java.net.InetAddress.getLoopbackAddress())).isFalse();
        assertThat(Cidr.parse("127.0.0.0/8").contains(java.net.InetAddress.getLoopbackAddress())).isTrue();
        assertThatThrownBy(() -> Cidr.parse("cn-a001")).hasMessageContaining("not an address block");
    }

    @Test
    void aRecordReportsAllOfItsProblemsAtOnce() {
        assertThatThrownBy(() -> ConfigLoader.parse("auth: {methods: publickey, authorizedKeys: /k/%u}\n"
                + "backends: [{name: l1, address: \"127.0.0.1:22\"}]\n"
                + "backendLink: {connectTimeout: 0s, certValidity: 2h, hostKeyCheck: maybe, kex: [rot13]}\n", Path.of("/")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "backendLink.kex: 'rot13' is not a supported key exchange, expected e.g. "
                                + "sntrup761x25519-sha512@openssh.com, mlkem768x25519-sha256, curve25519-sha256",
                        "backendLink.connectTimeout: 0s, expected > 0",
                        "backendLink.certValidity: 2h, expected 30s..1h",
                        "backendLink.hostKeyCheck: 'maybe', expected accept-new or strict"));
    }

    @Test
    void limitsReadInOpenSshTermsWithEveryErrorAtOnce() throws Exception {
        String base = "auth: {methods: publickey, authorizedKeys: /k/%u}\n"
                + "backends: [{name: l1, address: \"127.0.0.1:22\"}]\n";
        GatewayConfig c = ConfigLoader.parse(base + "limits:\n  maxStartups: \"20:50:200\"\n  perSourceMaxStartups: 3\n"
                + "  perSourceNetBlockSize: \"24:64\"\n  loginGraceTime: 45s\n  maxAuthTries: 4\n  backlog: 2048\n"
                + "  perSourcePenalties: {authfail: 30s, exempt: [\"10.0.0.0/8\"]}\n", Path.of("/"));
        assertThat(c.limits().maxStartups()).hasToString("20:50:200");
        assertThat(c.limits().perSourceMaxStartups()).isEqualTo(3);
        assertThat(c.limits().perSourceNetBlock()).hasToString("24:64");
        assertThat(c.limits().loginGraceTime()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(c.limits().maxAuthTries()).isEqualTo(4);
        assertThat(c.limits().backlog()).isEqualTo(2048);
        assertThat(c.limits().penalties().authfail()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(c.limits().penalties().noauth()).as("unset keys keep their defaults")
                .isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(c.limits().penalties().exempt()).containsExactly(Cidr.parse("10.0.0.0/8"));
        assertThat(ConfigLoader.parse(base, Path.of("/")).limits()).isEqualTo(org.jumpgate.limits.LimitsConfig.DEFAULTS);

        assertThatThrownBy(() -> ConfigLoader.parse(base + "limits:\n  maxStartups: \"100:30:10\"\n"
                + "  maxAuthTries: many\n  loginGrace: 30s\n"
                + "  perSourcePenalties: {authfail: soon, exempt: [\"nowhere\"]}\n", Path.of("/")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).hasSize(5)
                        .anySatisfy(m -> assertThat(m).startsWith("limits.maxStartups: '100:30:10'"))
                        .anySatisfy(m -> assertThat(m).startsWith("limits.maxAuthTries: 'many' is not a whole number"))
                        .anySatisfy(m -> assertThat(m).startsWith("limits.loginGrace"))
                        .anySatisfy(m -> assertThat(m).startsWith("limits.perSourcePenalties.authfail: 'soon'"))
                        .anySatisfy(m -> assertThat(m).startsWith("limits.perSourcePenalties.exempt: 'nowhere'")));
    }

    @Test
    void secondFactorKeysReadWithEveryErrorAtOnce() throws Exception {
        String backends = "backends: [{name: l1, address: \"127.0.0.1:22\"}]\n";
        GatewayConfig c = ConfigLoader.parse("auth: {authorizedKeys: /k/%u, totpSecrets: /t/%u,"
                + " rememberSecondFactor: 12h, totpIssuer: Mila}\n" + backends, Path.of("/"));
        assertThat(c.auth().rememberSecondFactor()).isEqualTo(java.time.Duration.ofHours(12));
        assertThat(c.auth().totpIssuer()).isEqualTo("Mila");
        assertThat(c.auth().secondFactor()).isEqualTo(AuthConfig.SecondFactor.TOTP);

        GatewayConfig r = ConfigLoader.parse("auth: {authorizedKeys: /k/%u, secondFactor: radius,"
                + " radius: {servers: [\"mfa1\", \"mfa2:1645\"], secretFile: s.secret, retries: 1, nasIdentifier: gw-1}}\n"
                + backends, Path.of("/etc/jumpgate"));
        assertThat(r.auth().radius().servers()).extracting(Object::toString).containsExactly("mfa1:1812", "mfa2:1645");
        assertThat(r.auth().radius().secretFile()).isEqualTo(Path.of("/etc/jumpgate/s.secret"));

        assertThatThrownBy(() -> ConfigLoader.parse("auth: {authorizedKeys: /k/%u, secondFactor: push,"
                + " rememberSecondFactor: forever}\n" + backends, Path.of("/")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .anySatisfy(m -> assertThat(m).startsWith("auth.secondFactor: 'push' is unknown, expected totp or radius"))
                        .anySatisfy(m -> assertThat(m).startsWith("auth.rememberSecondFactor: 'forever'")));
        assertThatThrownBy(() -> ConfigLoader.parse("auth: {authorizedKeys: /k/%u, secondFactor: radius,"
                + " radius: {servers: [\"mfa1\", \"mfa2\"], secretFile: /s, timeout: 10s, retries: 1}}\n" + backends,
                Path.of("/")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "auth.radius: 2 servers x (1 + 1 retries) x 10s = 40s, expected less than limits.loginGraceTime"
                                + " 30s (else users are cut before they hear that the MFA is unreachable)"));
    }
}
