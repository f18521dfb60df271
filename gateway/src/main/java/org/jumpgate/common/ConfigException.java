package org.jumpgate.common;

import java.util.List;

/**
 * A configuration that cannot be used; carries every problem found, one line each ("key: 'bad
 * value' ..., expected ..."). Unchecked, so that a record's compact constructor can report all
 * of its problems at once with it; the commands catch it and exit 2 with the lines.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String error) {
        this(List.of(error));
    }

    public List<String> errors() {
        return errors;
    }
}
