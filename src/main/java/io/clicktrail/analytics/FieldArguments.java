package io.clicktrail.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.clicktrail.analytics.FieldRequest.Argument;
import io.clicktrail.analytics.FieldRequest.ArrayArg;
import io.clicktrail.analytics.FieldRequest.Element;
import io.clicktrail.analytics.FieldRequest.IntegerArg;
import io.clicktrail.analytics.FieldRequest.IntegerElement;
import io.clicktrail.analytics.FieldRequest.StringElement;
import io.clicktrail.analytics.FieldRequest.WordArg;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The argument grammar of {@link FieldExpansion}: an integer that fits a {@code long}, a bare word,
 * or a flat JSON array of strings and integers (read with Jackson's streaming parser, so nesting
 * cannot recurse). Failures are {@link FieldExpansionException}s naming the modifier.
 */
final class FieldArguments {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  private static final int SNIPPET = 32;

  private FieldArguments() {}

  /** The argument of {@code modifier} between the parentheses at {@code open} and {@code close}. */
  static Argument parse(String src, String modifier, int open, int close) {
    int from = open + 1;
    int to = close;
    while (from < to && Character.isWhitespace(src.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(src.charAt(to - 1))) {
      to--;
    }
    String text = src.substring(from, to);
    if (text.isEmpty()) {
      throw fail("missing argument for modifier '" + modifier + "' at position " + open);
    }
    char first = text.charAt(0);
    if (first == '[') {
      return array(src, modifier, from, to);
    }
    if (first == '-' || isDigit(first)) {
      return integer(modifier, text);
    }
    if (first == '_' || isLetter(first)) {
      int end = from;
      while (end < to && isWordChar(src.charAt(end))) {
        end++;
      }
      if (end < to) {
        throw garbage(src, modifier, end, to);
      }
      return new WordArg(text);
    }
    throw fail(
        "bad argument '"
            + snippet(text)
            + "' for modifier '"
            + modifier
            + "' at position "
            + from
            + "; expected an integer, a word or a json array");
  }

  private static Argument integer(String modifier, String text) {
    if (INTEGER.matcher(text).matches()) {
      try {
        return new IntegerArg(Long.parseLong(text));
      } catch (NumberFormatException e) {
        // too large for a long; reported below
      }
    }
    throw fail(modifier + " " + snippet(text) + " is not a number");
  }

  /** The JSON array in {@code src[from, to)}, which starts with '['. */
  private static Argument array(String src, String modifier, int from, int to) {
    int end = from;
    int depth = 0;
    do {
      char c = src.charAt(end);
      if (c == '"') {
        end = closingQuote(src, end);
      } else if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
      end++;
    } while (depth > 0 && end < to);
    if (end < to) {
      throw garbage(src, modifier, end, to);
    }
    String text = src.substring(from, to);
    List<Element> elements = new ArrayList<>();
    try (JsonParser json = JSON.createParser(text)) {
      json.nextToken();
      for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken()) {
        if (t == JsonToken.VALUE_STRING) {
          elements.add(new StringElement(json.getText()));
        } else if (t == JsonToken.VALUE_NUMBER_INT
            && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          elements.add(new IntegerElement(json.getLongValue()));
        } else if (t == JsonToken.VALUE_NUMBER_INT) {
          throw fail(modifier + " element " + snippet(json.getText()) + " is not a number");
        } else if (t == null) {
          throw badArray(modifier, from, text);
        } else {
          throw fail(
              "bad json array for modifier '"
                  + modifier
                  + "' at position "
                  + from
                  + ": element "
                  + snippet(json.getText())
                  + " is not a string or an integer");
        }
      }
      if (json.nextToken() != null) {
        throw badArray(modifier, from, text);
      }
    } catch (IOException e) {
      throw badArray(modifier, from, text);
    }
    return new ArrayArg(elements);
  }

  /** The index of the '"' closing the JSON string opened at {@code open}. */
  static int closingQuote(String src, int open) {
    for (int i = open + 1; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    throw fail("unterminated string starting at position " + open);
  }

  private static FieldExpansionException garbage(String src, String modifier, int from, int to) {
    int at = from;
    while (Character.isWhitespace(src.charAt(at))) {
      at++;
    }
    return fail(
        "trailing garbage '"
            + snippet(src.substring(at, to))
            + "' at position "
            + at
            + " in argument of modifier '"
            + modifier
            + "'");
  }

  private static FieldExpansionException badArray(String modifier, int from, String text) {
    return fail(
        "bad json array '"
            + snippet(text)
            + "' for modifier '"
            + modifier
            + "' at position "
            + from);
  }

  /** {@code s} cut to 32 characters, for echoing input in messages. */
  static String snippet(String s) {
    return s.length() > SNIPPET ? s.substring(0, SNIPPET) + "…" : s;
  }

  static FieldExpansionException fail(String message) {
    return new FieldExpansionException(message);
  }

  static boolean isWordChar(char c) {
    return c == '_' || isLetter(c) || isDigit(c);
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
