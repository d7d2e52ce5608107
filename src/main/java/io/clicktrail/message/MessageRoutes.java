package io.clicktrail.message;

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
          return ApiResponse.ok(view(m, engagement.of(id)));
        });
  }

  private static Map<String, Object> view(Message m, Engagement.Summary e) {
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
    v.put("statuses", Map.of());
    v.put("pricing", null);
    v.put("link_data", e.linkData());
    v.put("recents", e.recents());
    v.put("clicks", e.countedClicks());
    v.put("unique_clicks", e.uniqueClicks());
    v.put("opens", e.opens());
    return v;
  }
}
