package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One validated field of {@code GET /{waba_id}?fields=…} (§8.1): an {@code analytics}, {@code
 * conversation_analytics} or {@code pricing_analytics} query, or a plain {@code id} or {@code
 * name}. {@link #parse} is the single entry from the raw {@code fields} value; every failure is a
 * {@link FieldExpansionException} whose message is answered as a 400 with code 100.
 */
public sealed interface GraphFieldQuery
    permits GraphAnalyticsQuery, GraphConversationQuery, GraphPricingQuery, GraphFieldQuery.Plain {

  /** The field's name as requested, which is also its member in the response. */
  String field();

  /**
   * Parses and validates a {@code fields} value, in the order requested.
   *
   * @throws FieldExpansionException if the expression is malformed, a field or a modifier is
   *     unknown, a required modifier is missing, or a value is bad
   */
  static List<GraphFieldQuery> parse(String fields) {
    return FieldExpansion.parse(fields).stream().map(GraphFieldQuery::of).toList();
  }

  /**
   * Validates one parsed field.
   *
   * @throws FieldExpansionException "unknown field 'bogus'", or as the field's own validation fails
   */
  static GraphFieldQuery of(FieldRequest request) {
    requireNonNull(request, "request");
    return switch (request.name()) {
      case GraphAnalyticsQuery.FIELD -> GraphAnalyticsQuery.from(request);
      case GraphConversationQuery.FIELD -> GraphConversationQuery.from(request);
      case GraphPricingQuery.FIELD -> GraphPricingQuery.from(request);
      case "id", "name" -> Plain.from(request);
      default -> throw new FieldExpansionException("unknown field '" + request.name() + "'");
    };
  }

  /**
   * The time range and bucket width every analytics field requires: {@code start} and {@code end}
   * in unix seconds, from 0 to {@link Buckets#MAX_UNIX_SECONDS}, {@code end} after {@code start},
   * and at most {@link Buckets#MAX} buckets.
   */
  record Window(long start, long end, Granularity granularity) {
    /**
     * Validates the range.
     *
     * @throws FieldExpansionException if it is not as above, with the message {@link Buckets#of}
     *     gives
     */
    public Window {
      requireNonNull(granularity, "granularity");
      int unused = Buckets.check(start, end, granularity);
    }

    /** The range cut into buckets. */
    public Buckets buckets() {
      return Buckets.of(start, end, granularity);
    }
  }

  /**
   * A field without modifiers that the response answers from the account: {@code id} or {@code
   * name}.
   */
  record Plain(String field) implements GraphFieldQuery {
    /** Checks for null. */
    public Plain {
      requireNonNull(field, "field");
    }

    static Plain from(FieldRequest request) {
      if (!request.modifiers().isEmpty()) {
        throw GraphModifiers.unknownModifier(request.name(), request.modifiers().get(0).name());
      }
      return new Plain(request.name());
    }
  }
}
