package org.jumpgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jumpgate.common.ConfigException;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));

    private Accounts load(String yaml) throws Exception {
        Path f = dir.resolve("accounts.yaml");
        Files.writeString(f, yaml);
        return Accounts.load(f, clock);
    }

    @Test
    void activeAccountIsAllowed() throws Exception {
        assertThat(load("users:\n  alice: {status: active, expires: 2027-01-01}\n").decide("alice").allowed()).isTrue();
    }

    @Test
    void disabledAccountIsToldWhy() throws Exception {
        Accounts.Decision d = load("users:\n  carol: {status: disabled, reason: left the lab}\n").decide("carol");
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).contains("account carol is disabled (left the lab)");
    }

    @Test
    void expiredAccountIsToldTheDate() throws Exception {
        Accounts a = load("users:\n  dave: {status: active, expires: 2026-11-25}\n");
        assertThat(a.decide("dave").message()).contains("expired on 2026-11-25");
    }

    @Test
    void accountWorksThroughItsExpiryDay() throws Exception {
        assertThat(load("users:\n  dave: {expires: 2026-11-26}\n").decide("dave").allowed()).isTrue();
    }

    @Test
    void unlistedUsersAreRefusedUnlessTheFileSaysAllow() throws Exception {
        assertThat(load("users:\n  alice: {}\n").decide("bob").allowed()).isFalse();
        assertThat(load("unlisted: allow\nusers:\n  alice: {}\n").decide("bob").allowed()).isTrue();
    }

    @Test
    void groupPolicyRefusesOutsiders() throws Exception {
        Accounts a = load("allowedGroups: [mila]\nusers:\n  alice: {groups: [mila]}\n  eve: {groups: [guests]}\n");
        assertThat(a.decide("alice").allowed()).isTrue();
        assertThat(a.decide("eve").message()).contains("not in a group allowed");
    }

    @Test
    void everyBadEntryIsReportedAtOnce() {
        assertThatThrownBy(() -> load("users:\n  a: {status: gone}\n  b: {expires: soon}\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(2));
    }

    @Test
    void aMisspeltKeyIsAnErrorNotIgnored() {
        assertThatThrownBy(() -> load("users:\n  a: {expiers: 2026-01-01}\nunlisted: allow\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).singleElement().asString()
                        .endsWith("users.a.expiers: unknown key, expected one of [expires, groups, reason, status]"));
    }
}
