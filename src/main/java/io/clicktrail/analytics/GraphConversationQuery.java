package io.clicktrail.analytics;

import static java.util.Objects.requireNonNull;

import io.clicktrail.analytics.GraphFieldQuery.Window;
import java.util.List;
import java.util.Set;

/**
 * The {@code conversation_analytics} field (§8.3): conversations and their cost per bucket, broken
 * down by the requested dimensions. Every empty set or list means no filter (or, for {@code
 * metricTypes}, every metric; for {@code dimensions}, no breakdown). {@code country_codes} is
 * accepted as well, as Graph does, though §8.3 does not list it.
 */
public record GraphConversationQuery(
    Window window,
    List<String> phoneNumbers,
    List<String> countryCodes,
    Set<MetricType> metricTypes,
    Set<Category> conversationCategories,
    Set<Type> conversationTypes,
    Set<Direction> conversationDirections,
    Set<Dimension> dimensions)
    implements GraphFieldQuery {
  /** The field's name. */
  public static final String FIELD = "conversation_analytics";

  /** A metric a data point may carry. */
  public enum MetricType {
    COST,
    CONVERSATION
  }

  /** A conversation category, from {@code conversation.origin.type}. */
  public enum Category {
    AUTHENTICATION,
    MARKETING,
    SERVICE,
    UTILITY
  }

  /** A conversation type. */
  public enum Type {
    FREE_ENTRY,
    FREE_TIER,
    REGULAR
  }

  /** Who opened the conversation. */
  public enum Direction {
    BUSINESS_INITIATED,
    USER_INITIATED
  }

  /** A breakdown of the data points. */
  public enum Dimension {
    CONVERSATION_CATEGORY,
    CONVERSATION_DIRECTION,
    CONVERSATION_TYPE,
    COUNTRY,
    PHONE
  }

  /** Copies the collections. */
  public GraphConversationQuery {
    requireNonNull(window, "window");
    phoneNumbers = List.copyOf(phoneNumbers);
    countryCodes = List.copyOf(countryCodes);
    metricTypes = Set.copyOf(metricTypes);
    conversationCategories = Set.copyOf(conversationCategories);
    conversationTypes = Set.copyOf(conversationTypes);
    conversationDirections = Set.copyOf(conversationDirections);
    dimensions = Set.copyOf(dimensions);
  }

  /**
   * Validates a {@code conversation_analytics} field request.
   *
   * @throws FieldExpansionException naming the first bad, missing or unknown modifier
   */
  public static GraphConversationQuery from(FieldRequest request) {
    GraphModifiers m =
        new GraphModifiers(
            request,
            Set.of(
                "phone_numbers",
                "country_codes",
                "metric_types",
                "conversation_categories",
                "conversation_types",
                "conversation_directions",
                "dimensions"));
    return new GraphConversationQuery(
        m.window(Granularity.CONVERSATION),
        m.phoneNumbers(),
        m.countryCodes(),
        m.enums("metric_types", MetricType.class),
        m.enums("conversation_categories", Category.class),
        m.enums("conversation_types", Type.class),
        m.enums("conversation_directions", Direction.class),
        m.enums("dimensions", Dimension.class));
  }

  @Override
  public String field() {
    return FIELD;
  }
}
