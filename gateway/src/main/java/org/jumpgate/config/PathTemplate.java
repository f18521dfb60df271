package org.jumpgate.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file path with {@code %u} standing for the user name, e.g. {@code /etc/jumpgate/keys/%u}.
 * User names come from the network, so {@link #resolve(String)} accepts only names of the
 * portable POSIX form: nothing that could climb out of the directory.
 */
public record PathTemplate(String template) {

    /** What a user name may look like (POSIX portable, as useradd accepts by default). */
    public static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    public PathTemplate {
        Objects.requireNonNull(template, "template");
        if (template.isBlank()) {
            throw new IllegalArgumentException("path is empty");
        }
    }

    public static boolean isValidUserName(String user) {
        return user != null && USER_NAME.matcher(user).matches() && !user.equals(".") && !user.equals("..");
    }

    /** The path for {@code user}; throws if the name is not a valid user name. */
    public Path resolve(String user) {
        if (!isValidUserName(user)) {
            throw new IllegalArgumentException("user name '" + user + "' is not a valid user name");
        }
        return Path.of(template.replace("%u", user));
    }

    @Override
    public String toString() {
        return template;
    }
}
