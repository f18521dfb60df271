package org.jumpgate.config;

import java.util.List;

/** A configuration that cannot be used; carries every problem found, one line each. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
