package org.jumpgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.Durations;
import org.jumpgate.limits.LimitsConfig;
import org.jumpgate.limits.LimitsConfig.MaxStartups;
import org.jumpgate.limits.LimitsConfig.NetBlock;
import org.jumpgate.limits.LimitsConfig.PenaltyConfig;
import org.jspecify.annotations.Nullable;

/** Reads the {@code limits:} section into a {@link LimitsConfig}; absent keys take OpenSSH's defaults. */
final class LimitsSection {

    static final Set<String> KEYS = Set.of("maxStartups", "perSourceMaxStartups", "perSourceNetBlockSize",
            "loginGraceTime", "maxAuthTries", "backlog", "perSourcePenalties");
    static final Set<String> PENALTY_KEYS = Set.of("authfail", "noauth", "graceExceeded", "max", "min", "exempt");

    private LimitsSection() {
    }

    /** The limits; the defaults when the section is absent or wrong (every error recorded in {@code limits}). */
    static LimitsConfig read(Section limits) {
        LimitsConfig d = LimitsConfig.DEFAULTS;
        if (!limits.present()) {
            return d;
        }
        limits.onlyKeys(KEYS);
        MaxStartups max = limits.value("maxStartups", d.maxStartups().toString(), MaxStartups::parse);
        Integer perSource = limits.value("perSourceMaxStartups", String.valueOf(d.perSourceMaxStartups()),
                LimitsSection::number);
        NetBlock block = limits.value("perSourceNetBlockSize", d.perSourceNetBlock().toString(), NetBlock::parse);
        Duration grace = limits.value("loginGraceTime", Durations.show(d.loginGraceTime()), Durations::parse);
        Integer tries = limits.value("maxAuthTries", String.valueOf(d.maxAuthTries()), LimitsSection::number);
        Integer backlog = limits.value("backlog", String.valueOf(d.backlog()), LimitsSection::number);
        PenaltyConfig penalties = penalties(limits.section("perSourcePenalties"), d.penalties());
        if (max == null || perSource == null || block == null || grace == null || tries == null || backlog == null
                || penalties == null) {
            return d;
        }
        LimitsConfig c = limits.build(() -> new LimitsConfig(max, perSource, block, grace, tries, backlog, penalties));
        return c != null ? c : d;
    }

    private static @Nullable PenaltyConfig penalties(Section p, PenaltyConfig d) {
        if (!p.present()) {
            return d;
        }
        p.onlyKeys(PENALTY_KEYS);
        Duration authfail = p.value("authfail", Durations.show(d.authfail()), Durations::parse);
        Duration noauth = p.value("noauth", Durations.show(d.noauth()), Durations::parse);
        Duration grace = p.value("graceExceeded", Durations.show(d.graceExceeded()), Durations::parse);
        Duration max = p.value("max", Durations.show(d.max()), Durations::parse);
        Duration min = p.value("min", Durations.show(d.min()), Durations::parse);
        List<Cidr> exempt = new ArrayList<>();
        for (String c : p.strings("exempt")) {
            try {
                exempt.add(Cidr.parse(c));
            } catch (IllegalArgumentException e) {
                p.error("exempt", e.getMessage());
            }
        }
        if (authfail == null || noauth == null || grace == null || max == null || min == null) {
            return null;
        }
        return p.build(() -> new PenaltyConfig(authfail, noauth, grace, max, min, exempt));
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }
}
