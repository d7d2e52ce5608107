package io.clicktrail.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * The demo's account as the admin API created it, with the secret its signed WhatsApp webhooks
 * need. {@link #create} also gives it the demo's phone numbers and templates and confirms insights;
 * {@link #subscribe} adds its webhook subscriptions.
 */
record DemoAccount(String id, String token, String appSecret) {

  /** Creates the account, its phone numbers and templates, and confirms insights. */
  static DemoAccount create(DemoApi api, Progress progress, String adminToken)
      throws IOException, InterruptedException {
    Progress.Phase setup =
        progress.start("setup", 2 + DemoCatalog.PHONES.size() + DemoCatalog.TEMPLATES.size());
    JsonNode created = api.call("POST", "/v1/accounts", adminToken, obj().put("name", "Acme Demo"));
    DemoAccount account =
        new DemoAccount(
            created.get("id").asText(),
            created.get("access_token").asText(),
            created.get("app_secret").asText());
    setup.advance(1);
    for (DemoCatalog.Phone phone : DemoCatalog.PHONES) {
      api.call(
          "PUT",
          "/v1/phone_numbers/" + phone.id(),
          account.token(),
          obj().put("display_phone_number", phone.display()));
      setup.advance(1);
    }
    for (DemoCatalog.Template template : DemoCatalog.TEMPLATES) {
      api.putTemplate(account.token(), template);
      setup.advance(1);
    }
    // template_analytics answers only once a Graph client has confirmed insights
    api.call("POST", "/" + account.id() + "?is_enabled_for_insights=true", account.token(), obj());
    setup.finish();
    return account;
  }

  /**
   * A subscription that succeeds and one that keeps failing, both to the demo's receiver; none when
   * the server refuses the receiver's loopback address ({@code webhook-allow-private} set to false
   * by the user).
   *
   * @throws IllegalStateException when the server accepts the first and refuses the second
   */
  void subscribe(DemoApi api, Progress progress, DemoReceiver receiver)
      throws IOException, InterruptedException {
    Progress.Phase hooks = progress.start("webhooks", 2);
    Optional<String> refused =
        subscribe(
            api,
            receiver.healthyUrl(),
            "cloudevents",
            "CRM (demo receiver)",
            "link_clicked",
            "status",
            "inbound");
    if (refused.isPresent()) {
      hooks.skip(refused.get());
      return;
    }
    hooks.advance(1);
    subscribe(
            api,
            receiver.failingUrl(),
            "whatsapp",
            "Legacy endpoint (answers 500)",
            "link_clicked",
            "status")
        .ifPresent(
            problem -> {
              throw new IllegalStateException("POST /v1/webhooks answered: " + problem);
            });
    hooks.finish();
  }

  private Optional<String> subscribe(
      DemoApi api, URI url, String format, String description, String... events)
      throws IOException, InterruptedException {
    ObjectNode body =
        obj().put("url", url.toString()).put("format", format).put("description", description);
    ArrayNode list = body.putArray("events");
    for (String event : events) {
      list.add(event);
    }
    return api.attempt("POST", "/v1/webhooks", token, body);
  }

  private static ObjectNode obj() {
    return DemoApi.JSON.createObjectNode();
  }
}
