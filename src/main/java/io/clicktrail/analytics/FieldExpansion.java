package io.clicktrail.analytics;

import static io.clicktrail.analytics.FieldArguments.fail;
import static io.clicktrail.analytics.FieldArguments.isWordChar;
import static io.clicktrail.analytics.FieldArguments.snippet;
import static java.util.Objects.requireNonNull;

import io.clicktrail.analytics.FieldRequest.Argument;
import io.clicktrail.analytics.FieldRequest.Modifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Graph API's field expansion: {@code fields=F1,F2} where each field is a name followed by
 * modifiers {@code .mod(arg)}, and an argument is an integer, a bare word or a JSON array of
 * strings and integers.
 *
 * <p>Field and modifier names are lowercase letters and underscores, matched case-sensitively as
 * Graph does. Whitespace (including newlines) is allowed between any two tokens. An expression that
 * still holds {@code %XX} escapes is percent-decoded once (UTF-8) before parsing; a {@code +} is
 * left as is. Commas split fields only outside parentheses, brackets and JSON strings. A field or a
 * modifier may appear only once.
 *
 * <p>Parsing is linear in the input, does not recurse, and fails only with {@link
 * FieldExpansionException}, whose message names the problem and its 0-based position in the decoded
 * expression. Stateless and thread-safe.
 */
public final class FieldExpansion {
  private static final Pattern NAME = Pattern.compile("[a-z_]+");
  private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

  private final String src;
  private int pos;

  private FieldExpansion(String src) {
    this.src = src;
  }

  /**
   * Parses a {@code fields} value into its fields, in the order written.
   *
   * @throws FieldExpansionException if the expression is empty or malformed, or names a field or a
   *     modifier twice
   */
  public static List<FieldRequest> parse(String fields) {
    requireNonNull(fields, "fields");
    return new FieldExpansion(percentDecode(fields)).fields();
  }

  /** {@code fields} in canonical form; {@link #parse} of the result gives {@code fields} back. */
  public static String print(List<FieldRequest> fields) {
    return fields.stream().map(FieldRequest::expression).collect(Collectors.joining(","));
  }

  /** {@code s} with every {@code %XX} escape decoded as UTF-8 when it holds any; else {@code s}. */
  static String percentDecode(String s) {
    if (!PERCENT_ESCAPE.matcher(s).find()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      if (isEscape(s, i)) {
        bytes.reset();
        while (isEscape(s, i)) {
          bytes.write(Integer.parseInt(s, i + 1, i + 3, 16));
          i += 3;
        }
        out.append(bytes.toString(StandardCharsets.UTF_8));
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  private static boolean isEscape(String s, int i) {
    return i + 2 < s.length()
        && s.charAt(i) == '%'
        && Character.digit(s.charAt(i + 1), 16) >= 0
        && Character.digit(s.charAt(i + 2), 16) >= 0;
  }

  private List<FieldRequest> fields() {
    if (src.isBlank()) {
      throw fail("fields is empty");
    }
    List<FieldRequest> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (true) {
      skipSpace();
      int at = pos;
      if (atEnd() || peek() == ',') {
        throw fail("empty field at position " + at);
      }
      String name = name("field");
      if (!seen.add(name)) {
        throw fail("duplicate field '" + name + "' at position " + at);
      }
      out.add(new FieldRequest(name, modifiers(name)));
      skipSpace();
      if (atEnd()) {
        return out;
      }
      if (peek() != ',') {
        throw unexpected("trailing garbage", "after field '" + name + "'");
      }
      pos++;
    }
  }

  private List<Modifier> modifiers(String field) {
    List<Modifier> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (true) {
      skipSpace();
      if (atEnd() || peek() != '.') {
        return out;
      }
      pos++;
      skipSpace();
      int at = pos;
      String name = name("modifier");
      skipSpace();
      if (atEnd() || peek() != '(') {
        throw fail("missing argument for modifier '" + name + "' at position " + pos);
      }
      int open = pos;
      int close = closingParenthesis(open);
      Argument argument = FieldArguments.parse(src, name, open, close);
      if (!seen.add(name)) {
        throw fail("duplicate modifier '" + name + "' for field '" + field + "' at position " + at);
      }
      out.add(new Modifier(name, argument));
      pos = close + 1;
    }
  }

  private String name(String what) {
    int start = pos;
    while (!atEnd() && isWordChar(peek())) {
      pos++;
    }
    if (start == pos) {
      if (atEnd()) {
        throw fail("missing " + what + " name at position " + start);
      }
      throw unexpected("unexpected", "where a " + what + " name was expected");
    }
    String name = src.substring(start, pos);
    if (!NAME.matcher(name).matches()) {
      throw fail(
          what
              + " name '"
              + snippet(name)
              + "' at position "
              + start
              + " must be lowercase letters and underscores");
    }
    return name;
  }

  /** The index of the ')' closing the '(' at {@code open}, skipping brackets and JSON strings. */
  private int closingParenthesis(int open) {
    Deque<Integer> opens = new ArrayDeque<>();
    opens.push(open);
    int i = open + 1;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '"') {
        i = FieldArguments.closingQuote(src, i);
      } else if (c == '(' || c == '[') {
        opens.push(i);
      } else if (c == ')' || c == ']') {
        int top = requireNonNull(opens.peek());
        char expected = src.charAt(top) == '(' ? ')' : ']';
        if (c != expected) {
          throw c == ']' && opens.size() == 1
              ? fail("unbalanced bracket: ']' at position " + i + " has no matching '['")
              : unclosed(top);
        }
        opens.pop();
        if (opens.isEmpty()) {
          return i;
        }
      }
      i++;
    }
    throw unclosed(requireNonNull(opens.peek()));
  }

  private FieldExpansionException unclosed(int at) {
    return src.charAt(at) == '('
        ? fail("unbalanced parenthesis: '(' at position " + at + " is never closed")
        : fail("unbalanced bracket: '[' at position " + at + " is never closed");
  }

  private FieldExpansionException unexpected(String problem, String where) {
    char c = peek();
    if (c == ')') {
      return fail("unbalanced parenthesis: ')' at position " + pos + " has no matching '('");
    }
    if (c == ']') {
      return fail("unbalanced bracket: ']' at position " + pos + " has no matching '['");
    }
    return fail(
        problem + " '" + snippet(src.substring(pos)) + "' at position " + pos + " " + where);
  }

  private void skipSpace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= src.length();
  }

  private char peek() {
    return src.charAt(pos);
  }
}
