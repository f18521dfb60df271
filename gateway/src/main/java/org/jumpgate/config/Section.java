package org.jumpgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jumpgate.common.ConfigException;
import org.jspecify.annotations.Nullable;

/**
 * One mapping of a YAML config file at its key path ({@code backendLink}, {@code backends[1].probe}),
 * read into typed values. Nothing throws on a bad value: every problem is collected, naming the
 * key, the bad value and what was expected, into the list this section shares with the file's
 * other sections, and {@link #throwIfErrors()} reports them all at once. Every config file of the
 * gateway (the gateway's own, the accounts file) and every command that peeks into one reads
 * through this class, so all of them check keys and values the same way.
 */
public final class Section {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode node;
    private final String path;
    private final Path base;
    private final List<String> errors;

    private Section(JsonNode node, String path, Path base, List<String> errors) {
        this.node = node;
        this.path = path;
        this.base = base;
        this.errors = errors;
    }

    /**
     * The top of a YAML document that must be a mapping ({@code expected} says of what, for the
     * error); relative paths in it resolve against {@code base}.
     */
    public static Section parse(String yaml, @Nullable Path base, String expected) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = YAML.createObjectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(expected);
        }
        return new Section(root, "", base == null ? Path.of(".") : base, new ArrayList<>());
    }

    /** The full key of {@code field} in this section, as errors name it. */
    public String key(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** This section's own key path ({@code ""} for the top). */
    public String path() {
        return path;
    }

    /** True when the file has this section at all. */
    public boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** The keys of this section, in file order. */
    public List<String> fields() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The mapping under {@code field}; absent when the file has none (an error when it is not a mapping). */
    public Section section(String field) {
        JsonNode v = node.path(field);
        if (!v.isMissingNode() && !v.isNull() && !v.isObject()) {
            error(field, describe(v) + ", expected a mapping");
            return child(MissingNode.getInstance(), key(field));
        }
        return child(v, key(field));
    }

    /**
     * The mappings listed under {@code field}; {@code what} says what the list holds and
     * {@code expected} what each item is, for errors.
     */
    public List<Section> list(String field, String what, String expected) {
        JsonNode v = node.path(field);
        List<Section> out = new ArrayList<>();
        if (v.isMissingNode() || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            error(field, describe(v) + ", expected a list of " + what);
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String k = key(field) + "[" + i + "]";
            if (!v.get(i).isObject()) {
                errors.add(k + ": " + describe(v.get(i)) + ", expected " + expected);
            } else {
                out.add(child(v.get(i), k));
            }
        }
        return out;
    }

    /** Refuses keys this section does not have (a misspelt key must not silently do nothing). */
    public void onlyKeys(Set<String> known) {
        if (!present()) {
            return;
        }
        if (!node.isObject()) {
            errors.add((path.isEmpty() ? "configuration" : path) + ": " + describe(node) + ", expected a mapping");
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                errors.add(key(k) + ": unknown key, expected one of " + known.stream().sorted().toList());
            }
        }
    }

    /**
     * The scalar under {@code field} parsed by {@code parse}, or {@code dflt} parsed when absent
     * (null when there is no default); a bad value is an error naming key and value, and null.
     */
    public <T> @Nullable T value(String field, @Nullable String dflt, Function<String, T> parse) {
        JsonNode v = node.get(field);
        String text;
        if (v == null || v.isNull()) {
            if (dflt == null) {
                return null;
            }
            text = dflt;
        } else if (v.isValueNode()) {
            text = v.asText();
        } else {
            error(field, describe(v) + ", expected a single value");
            return null;
        }
        try {
            return parse.apply(text);
        } catch (RuntimeException e) {
            String m = e.getMessage();
            error(field, m != null && m.startsWith("'" + text + "'") ? m : "'" + text + "' is not valid: " + m);
            return null;
        }
    }

    /** Like {@link #value}, but a missing key is an error saying what was {@code expected}. */
    public <T> @Nullable T required(String field, String expected, Function<String, T> parse) {
        if (!has(field)) {
            error(field, "missing, expected " + expected);
            return null;
        }
        return value(field, null, parse);
    }

    /** {@code text} as a path relative to the file's directory. */
    public Path resolve(String text) {
        return base.resolve(text.strip());
    }

    /** A path, resolved against the file's directory; null when absent or bad. */
    public @Nullable Path path(String field, @Nullable String dflt) {
        return value(field, dflt, this::resolve);
    }

    /** The list of scalars under {@code field}; empty when absent. */
    public List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            error(field, describe(v) + ", expected a list of strings");
            return out;
        }
        for (JsonNode n : v) {
            if (n.isValueNode()) {
                out.add(n.asText());
            } else {
                error(field, describe(n) + " in the list, expected a single value");
            }
        }
        return out;
    }

    /** The mapping of scalars under {@code field} (e.g. node name to address); empty when absent. */
    public Map<String, String> scalars(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        Section s = section(field);
        if (!s.present()) {
            return out;
        }
        for (String k : s.fields()) {
            String v = s.value(k, null, text -> text);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** Records {@code message} about {@code field} of this section. */
    public void error(String field, String message) {
        errors.add(key(field) + ": " + message);
    }

    /** Records a message that already names its key. */
    public void error(String message) {
        errors.add(message);
    }

    /**
     * Builds a record from what was read: its own checks ({@link ConfigException} with all of its
     * problems, or one {@link IllegalArgumentException}) become errors of this file, and null.
     */
    public <T> @Nullable T build(Supplier<T> make) {
        try {
            return make.get();
        } catch (ConfigException e) {
            errors.addAll(e.errors());
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(e.getMessage());
        }
        return null;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws every problem found in the whole file so far, if there is any. */
    public void throwIfErrors() {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    private Section child(JsonNode n, String key) {
        return new Section(n, key, base, errors);
    }

    private static String describe(JsonNode n) {
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return "'" + n.asText() + "'";
    }
}
