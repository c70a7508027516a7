package org.hitcert.checks.vuln;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hostile-input corpus ({@code fixtures/payloads/hostile-strings.txt}): one payload per line, {@code #}
 * comments, escapes {@code \r \n \t \0 \\ \\uXXXX}, and {@code @repeat N TEXT} for oversized values.
 */
final class PayloadCorpus {

    static final int MAX_REPEAT = 200_000;

    private PayloadCorpus() {
    }

    static List<String> load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@repeat ")) {
                String[] parts = line.split(" ", 3);
                int n = Integer.parseInt(parts[1]);
                if (n < 1 || n > MAX_REPEAT || parts.length < 3) {
                    throw new IllegalArgumentException("'" + line + "': expected @repeat N TEXT with 1 <= N <= " + MAX_REPEAT);
                }
                out.add(unescape(parts[2]).repeat(n));
                continue;
            }
            out.add(unescape(line));
        }
        return out;
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '0' -> sb.append('\0');
                case '\\' -> sb.append('\\');
                case 'u' -> {
                    if (i + 4 < s.length() + 0 && s.substring(i + 1, Math.min(s.length(), i + 5)).matches("[0-9a-fA-F]{4}")) {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        sb.append("\\u");
                    }
                }
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }
}
