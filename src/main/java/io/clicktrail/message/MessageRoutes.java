package io.clicktrail.message;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.GraphError;
import io.clicktrail.http.Json;
import io.clicktrail.http.Ownership;
import io.clicktrail.http.Router;
import io.clicktrail.track.Engagement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/messages}, {@code POST /v1/messages:batch}, {@code GET /v1/messages/{id}}. */
public final class MessageRoutes {
  static final int MAX_BATCH = 1000;
  private static final DeliveryStatus[] VIEW_ORDER = {
    DeliveryStatus.SENT,
    DeliveryStatus.DELIVERED,
    DeliveryStatus.READ,
    DeliveryStatus.PLAYED,
    DeliveryStatus.FAILED
  };

  private MessageRoutes() {}

  record BatchRequest(@Nullable List<JsonNode> messages) {}

  public static void register(Router router, Messages messages, Engagement engagement) {
    router.add(
        "POST",
        "/v1/messages",
        req -> {
          String account = req.account();
          return ApiResponse.json(201, messages.register(account, req.body(MessageRequest.class)));
        });
    router.add(
        "POST",
        "/v1/messages:batch",
        req -> {
          String account = req.account();
          BatchRequest batch = req.body(BatchRequest.class);
          List<JsonNode> entries = batch.messages();
          if (entries == null) {
            throw ApiException.invalid("missing field 'messages'");
          }
          if (entries.isEmpty() || entries.size() > MAX_BATCH) {
            throw ApiException.invalid("messages must hold 1 to " + MAX_BATCH + " entries");
          }
          List<Object> parsed = new ArrayList<>(entries.size());
          for (JsonNode entry : entries) {
            try {
              parsed.add(Json.bind(entry, MessageRequest.class));
            } catch (ApiException e) {
              parsed.add(e);
            }
          }
          List<Object> results = new ArrayList<>();
          for (Object r : messages.registerBatch(account, parsed)) {
            results.add(
                r instanceof ApiException e
                    ? Map.of("error", GraphError.of(e, GraphError.newTraceId()).error())
                    : r);
          }
          return ApiResponse.ok(Map.of("results", results));
        });
    router.add(
        "GET",
        "/v1/messages/{id}",
        req -> {
          String account = req.account();
          String id = req.path("id");
          Message m =
              Ownership.require(messages.find(id), Message::accountId, account, "message", id);
          return ApiResponse.ok(view(m, messages.delivery(id), engagement.of(id)));
        });
  }

  private static Map<String, Object> view(Message m, Delivery d, Engagement.Summary e) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("message_id", m.id());
    v.put("channel", m.channel());
    v.put("phone_number_id", m.phoneNumberId());
    v.put("grant_id", m.grantId());
    v.put("recipient", m.recipient());
    v.put("template_id", m.templateId());
    v.put("label", m.label());
    v.put("product_id", m.productId());
    v.put("sent_at", m.sentAt());
    v.put("tracking", Map.of("links", m.trackLinks(), "opens", m.trackOpens()));
    DeliveryStatus current = d.status();
    v.put("status", current == null ? null : current.wireName());
    Map<String, Long> statuses = new LinkedHashMap<>();
    for (DeliveryStatus s : VIEW_ORDER) {
      Long at = d.at(s);
      if (at != null) {
        statuses.put(s.wireName(), at);
      }
    }
    v.put("statuses", statuses);
    v.put("pricing", d.pricing() == null ? null : pricing(d.pricing()));
    v.put("errors", d.errors() == null ? null : Json.tree(d.errors().getBytes(UTF_8)));
    v.put("link_data", e.linkData());
    v.put("recents", e.recents());
    v.put("clicks", e.countedClicks());
    v.put("unique_clicks", e.uniqueClicks());
    v.put("opens", e.opens());
    return v;
  }

  private static Map<String, Object> pricing(MessagePricing p) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("billable", p.billable());
    v.put("pricing_model", p.pricingModel());
    v.put("category", p.category());
    v.put("type", p.type());
    v.put("analytics_category", p.analyticsCategory());
    return v;
  }
}
