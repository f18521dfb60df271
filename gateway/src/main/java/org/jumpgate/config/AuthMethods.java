package org.jumpgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenSSH {@code AuthenticationMethods}: space-separated alternatives, each a comma-separated
 * chain that must all succeed in order. Only {@code publickey} and {@code keyboard-interactive}
 * exist here: password authentication is never offered.
 */
public record AuthMethods(List<List<String>> alternatives) {

    public static final Set<String> SUPPORTED = Set.of("publickey", "keyboard-interactive");

    public AuthMethods {
        alternatives = alternatives.stream().map(List::copyOf).toList();
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("auth.methods: empty, expected e.g. publickey,keyboard-interactive");
        }
        for (List<String> chain : alternatives) {
            if (!chain.contains("publickey")) {
                throw new IllegalArgumentException("auth.methods: chain '" + String.join(",", chain)
                        + "' has no publickey, expected every chain to start with publickey");
            }
            if (!chain.get(0).equals("publickey")) {
                throw new IllegalArgumentException("auth.methods: chain '" + String.join(",", chain)
                        + "' must start with publickey (the account is only known after the key)");
            }
        }
    }

    public static AuthMethods parse(String text) {
        List<List<String>> alts = new ArrayList<>();
        for (String alt : text.trim().split("\\s+")) {
            if (alt.isEmpty()) {
                continue;
            }
            List<String> chain = new ArrayList<>();
            for (String m : alt.split(",", -1)) {
                if (!SUPPORTED.contains(m)) {
                    throw new IllegalArgumentException("auth.methods: '" + m + "' in '" + text
                            + "' is not supported, expected publickey or keyboard-interactive");
                }
                if (chain.contains(m)) {
                    throw new IllegalArgumentException("auth.methods: '" + m + "' appears twice in chain '" + alt + "'");
                }
                chain.add(m);
            }
            alts.add(chain);
        }
        return new AuthMethods(alts);
    }

    public boolean needsKeyboardInteractive() {
        return alternatives.stream().anyMatch(c -> c.contains("keyboard-interactive"));
    }

    /** The form MINA's {@code auth-methods} property takes (the same syntax). */
    public String toMinaSpec() {
        return String.join(" ", alternatives.stream().map(c -> String.join(",", c)).toList());
    }
}
