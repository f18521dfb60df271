package org.jumpgate.jobs;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Recognises compute node names in what a user typed as a jump target.
 *
 * <p>A target is a compute node when, lower-cased, without one trailing dot and without the
 * configured domain suffix ({@code cn-a001.server.example.org} → {@code cn-a001}), it is a single
 * DNS label that matches the glob pattern ({@code *} any run of characters, {@code ?} exactly
 * one). Any other domain ({@code cn-a001.evil.example}) is not a compute node.
 */
public final class ComputeNodes {

    /** Longest host name looked at (DNS limit). */
    static final int MAX_HOST_LENGTH = 253;

    private final String pattern;
    private final String domainSuffix;

    private ComputeNodes(String pattern, String domainSuffix) {
        this.pattern = pattern;
        this.domainSuffix = domainSuffix;
    }

    /**
     * @param pattern glob on the node name, e.g. {@code cn-*} or {@code cn-????}
     * @param domain  the compute domain, e.g. {@code server.example.org}; null or blank for none
     */
    public static ComputeNodes of(String pattern, String domain) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank() || pattern.chars().anyMatch(c -> Character.isWhitespace(c) || c == '.')) {
            throw new IllegalArgumentException("compute.pattern: '" + pattern
                    + "' is not allowed: expected a glob on a node name without dots, e.g. cn-*");
        }
        String suffix = null;
        if (domain != null && !domain.isBlank()) {
            String d = trimDot(domain.strip().toLowerCase(Locale.ROOT));
            if (d.startsWith(".") || d.isEmpty() || d.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("compute.domain: '" + domain
                        + "' is not allowed: expected a DNS domain such as server.example.org");
            }
            suffix = "." + d;
        }
        return new ComputeNodes(pattern.toLowerCase(Locale.ROOT), suffix);
    }

    /** The node name {@code host} stands for, if it is a compute node; empty otherwise. */
    public Optional<String> nodeName(String host) {
        if (host == null || host.isEmpty() || host.length() > MAX_HOST_LENGTH) {
            return Optional.empty();
        }
        String name = trimDot(host.toLowerCase(Locale.ROOT));
        if (domainSuffix != null && name.endsWith(domainSuffix)) {
            name = name.substring(0, name.length() - domainSuffix.length());
        }
        if (name.isEmpty() || name.indexOf('.') >= 0 || !matches(pattern, name)) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** Whether {@code host} names a compute node. */
    public boolean isComputeNode(String host) {
        return nodeName(host).isPresent();
    }

    /** Glob match of the whole of {@code text}: {@code *} any run (also empty), {@code ?} one character. */
    public static boolean matches(String glob, String text) {
        return org.jumpgate.common.Glob.matches(glob, text);
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "ComputeNodes[" + pattern + (domainSuffix == null ? "" : ", *" + domainSuffix) + "]";
    }
}
