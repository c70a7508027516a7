package org.hitcert.load;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.hitcert.model.Location;
import org.hitcert.model.Problem;

/**
 * Reads one YAML file into a {@link Node} tree with a {@link Location} on every node and key, through
 * Jackson's streaming parser. Never throws: an unreadable file or a syntax error becomes a problem.
 */
final class YamlReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final List<Problem> problems;

    private YamlReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The file's single document, or empty after reporting why there is none. */
    static Optional<Node> read(Path path, List<Problem> problems) {
        return new YamlReader(path.toString(), problems).read(path);
    }

    private Optional<Node> read(Path path) {
        Location whole = new Location(file, 0, 0);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (NoSuchFileException e) {
            problems.add(Problem.error(whole, "file not found"));
            return Optional.empty();
        } catch (CharacterCodingException e) {
            problems.add(Problem.error(whole, "file is not UTF-8 text; save it as UTF-8"));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            problems.add(Problem.error(whole, "cannot read file: " + e));
            return Optional.empty();
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(Problem.error(whole, "file is empty; expected a YAML mapping"));
                return Optional.empty();
            }
            Node root = node(p);
            if (p.nextToken() != null) {
                problems.add(Problem.error(location(p.currentTokenLocation()),
                        "a second YAML document starts here; a file holds exactly one"));
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            problems.add(syntaxError(e));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            problems.add(Problem.error(whole, "cannot parse file: " + e));
            return Optional.empty();
        }
    }

    /** The node whose first token is the parser's current token; leaves the parser on its last token. */
    private Node node(JsonParser p) throws IOException {
        Location at = location(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Location keyAt = location(p.currentTokenLocation());
                    p.nextToken();
                    Node value = node(p);
                    Node.Entry previous = entries.get(key);
                    if (previous != null) {
                        problems.add(Problem.error(keyAt, "duplicate key '" + key + "'; it was already given at "
                                + previous.keyLocation().line() + ":" + previous.keyLocation().column()));
                    } else {
                        entries.put(key, new Node.Entry(key, keyAt, value));
                    }
                }
                return new Node.Mapping(entries, at);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p));
                }
                return new Node.Seq(items, at);
            }
            case VALUE_STRING:
                return new Node.Scalar(Node.ScalarKind.STRING, p.getText(), at);
            case VALUE_NUMBER_INT:
                return new Node.Scalar(Node.ScalarKind.INTEGER, p.getText(), at);
            case VALUE_NUMBER_FLOAT:
                return new Node.Scalar(Node.ScalarKind.FLOAT, p.getText(), at);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node.Scalar(Node.ScalarKind.BOOLEAN, p.getText(), at);
            case VALUE_NULL:
                return new Node.Scalar(Node.ScalarKind.NULL, "", at);
            default:
                // VALUE_EMBEDDED_OBJECT (binary tags) and anything else a plan never needs
                return new Node.Scalar(Node.ScalarKind.STRING, String.valueOf(p.getText()), at);
        }
    }

    private Location location(JsonLocation l) {
        return new Location(file, l.getLineNr(), l.getColumnNr());
    }

    /** What would be right, for the mistakes people make most. */
    private static String hint(String problem) {
        if (problem == null) {
            return "";
        }
        if (problem.startsWith("mapping values are not allowed")) {
            return "; a value that contains ': ' must be quoted, e.g. title: \"a: b\"";
        }
        return "";
    }

    private Problem syntaxError(JsonProcessingException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                var mark = m.getProblemMark();
                String context = m.getContext() == null ? "" : " (" + m.getContext()
                        + (m.getContextMark() == null ? "" : " at " + (m.getContextMark().getLine() + 1) + ":"
                        + (m.getContextMark().getColumn() + 1)) + ")";
                return Problem.error(new Location(file, mark.getLine() + 1, mark.getColumn() + 1),
                        "YAML syntax error: " + m.getProblem() + context + hint(m.getProblem()));
            }
        }
        JsonLocation l = e.getLocation();
        return Problem.error(l == null ? new Location(file, 0, 0) : location(l),
                "YAML syntax error: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
}
