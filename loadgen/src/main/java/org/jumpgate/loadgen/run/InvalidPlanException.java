package org.jumpgate.loadgen.run;

import java.util.List;

/** A load plan that cannot run, with every problem found (not just the first). */
public final class InvalidPlanException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidPlanException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
