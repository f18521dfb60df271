package org.jumpgate.jobs;

import java.util.List;

/** The {@code jobs:} config is wrong; {@link #errors()} lists every problem, one line each. */
public final class InvalidJobsConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    public InvalidJobsConfigException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
