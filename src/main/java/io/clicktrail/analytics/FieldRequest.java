package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One field of a Graph {@code fields} expression, such as {@code
 * analytics.start(1543543200).end(1544148000).granularity(DAY)}: its name and its modifiers in the
 * order written. Produced by {@link FieldExpansion#parse}; {@link #expression()} prints it back in
 * canonical form, which parses to an equal value.
 */
public record FieldRequest(String name, List<Modifier> modifiers) {

  /** Copies {@code modifiers}. */
  public FieldRequest {
    requireNonNull(name, "name");
    modifiers = List.copyOf(modifiers);
  }

  /** The argument of the modifier called {@code modifierName}, if the field has one. */
  public Optional<Argument> argument(String modifierName) {
    return modifiers.stream()
        .filter(m -> m.name().equals(modifierName))
        .map(Modifier::argument)
        .findFirst();
  }

  /** This field in canonical form: no whitespace, JSON arrays compact. */
  public String expression() {
    return name + modifiers.stream().map(Modifier::expression).collect(Collectors.joining());
  }

  /** A modifier such as {@code .start(1543543200)}. */
  public record Modifier(String name, Argument argument) {
    /** Checks for nulls. */
    public Modifier {
      requireNonNull(name, "name");
      requireNonNull(argument, "argument");
    }

    /** This modifier in canonical form, with its leading dot. */
    public String expression() {
      return "." + name + "(" + argument.expression() + ")";
    }
  }

  /** The argument of a modifier: an integer, a bare word or a JSON array. */
  public sealed interface Argument permits IntegerArg, WordArg, ArrayArg {
    /** This argument as written in canonical form. */
    String expression();
  }

  /** An integer argument such as {@code 1543543200}; any {@code long}. */
  public record IntegerArg(long value) implements Argument {
    @Override
    public String expression() {
      return Long.toString(value);
    }
  }

  /** A bare word such as {@code DAY}: a letter or underscore, then letters, digits, underscores. */
  public record WordArg(String word) implements Argument {
    /** Checks for null. */
    public WordArg {
      requireNonNull(word, "word");
    }

    @Override
    public String expression() {
      return word;
    }
  }

  /**
   * A JSON array of strings and integers, such as {@code ["US","BR"]}, {@code [0,2]} or {@code []}.
   */
  public record ArrayArg(List<Element> elements) implements Argument {
    /** Copies {@code elements}. */
    public ArrayArg {
      elements = List.copyOf(elements);
    }

    /**
     * Compact JSON. A {@code %} in a string is written {@code \u005cu0025} so that the expression
     * never looks percent-encoded.
     */
    @Override
    public String expression() {
      return elements.stream().map(Element::json).collect(Collectors.joining(",", "[", "]"));
    }
  }

  /** An element of a JSON array argument. */
  public sealed interface Element permits StringElement, IntegerElement {
    /** The element as JSON. */
    String json();
  }

  /** A JSON string element. */
  public record StringElement(String value) implements Element {
    /** Checks for null. */
    public StringElement {
      requireNonNull(value, "value");
    }

    @Override
    public String json() {
      String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(value));
      return "\"" + quoted.replace("%", "\\u0025") + "\"";
    }
  }

  /** A JSON integer element that fits a {@code long}. */
  public record IntegerElement(long value) implements Element {
    @Override
    public String json() {
      return Long.toString(value);
    }
  }
}
