package io.clicktrail.webhook;

import io.clicktrail.account.Account;
import io.clicktrail.account.Accounts;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiRequest;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Ownership;
import io.clicktrail.http.Paging;
import io.clicktrail.http.Params;
import io.clicktrail.http.Router;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** {@code /v1/webhooks}: subscriptions, their deliveries, and replay. */
public final class SubscriptionRoutes {
  private static final int MAX_DESCRIPTION = 500;
  private static final Set<String> DELIVERY_STATUSES = Set.of("pending", "delivered", "failed");

  private final Subscriptions subscriptions;
  private final DeliveryLog deliveries;
  private final Accounts accounts;
  private final UrlGuard guard;
  private final Handshake handshake;
  private final Runnable changed;

  private SubscriptionRoutes(
      Subscriptions subscriptions,
      DeliveryLog deliveries,
      Accounts accounts,
      UrlGuard guard,
      Handshake handshake,
      Runnable changed) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.accounts = accounts;
    this.guard = guard;
    this.handshake = handshake;
    this.changed = changed;
  }

  record CreateBody(
      @Nullable String url,
      @Nullable String format,
      @Nullable List<String> events,
      @Nullable String description) {}

  record PatchBody(
      @Nullable String url,
      @Nullable List<String> events,
      @Nullable String description,
      @Nullable String status) {}

  record ReplayBody(@Nullable Long since) {}

  /**
   * Registers the routes.
   *
   * @param changed called when deliveries may have become due (replay, re-activation)
   */
  public static void register(
      Router router,
      Subscriptions subscriptions,
      DeliveryLog deliveries,
      Accounts accounts,
      UrlGuard guard,
      Handshake handshake,
      Runnable changed) {
    SubscriptionRoutes routes =
        new SubscriptionRoutes(subscriptions, deliveries, accounts, guard, handshake, changed);
    router.add("POST", "/v1/webhooks", routes::create);
    router.add("GET", "/v1/webhooks", routes::list);
    router.add("GET", "/v1/webhooks/{id}", req -> ApiResponse.ok(routes.owned(req)));
    router.add("PATCH", "/v1/webhooks/{id}", routes::patch);
    router.add("DELETE", "/v1/webhooks/{id}", routes::delete);
    router.add("GET", "/v1/webhooks/{id}/deliveries", routes::deliveries);
    router.add("POST", "/v1/webhooks/{id}/replay", routes::replay);
  }

  private ApiResponse create(ApiRequest req) {
    String account = req.account();
    CreateBody body = req.body(CreateBody.class);
    String url = checkedUrl(Params.require(body.url(), "url"));
    String formatName = Params.require(body.format(), "format");
    Format format =
        Format.parse(formatName)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "format '"
                            + Params.clip(formatName)
                            + "' must be one of whatsapp, nylas, cloudevents"));
    if (body.events() == null) {
      throw ApiException.invalid("missing field 'events'");
    }
    List<EventType> events = events(body.events(), format);
    String description = description(body.description());
    verify(format, url, account);
    Subscriptions.Created created = subscriptions.create(account, url, format, events, description);
    Map<String, Object> out = view(created.subscription());
    out.put("secret", created.secret());
    return ApiResponse.json(201, out);
  }

  private ApiResponse list(ApiRequest req) {
    String account = req.account();
    Paging paging = Paging.of(req);
    List<Subscription> found = subscriptions.list(account, paging.after(), paging.limit());
    List<Map<String, Object>> views = found.stream().map(SubscriptionRoutes::view).toList();
    return ApiResponse.ok(paging.page(views, v -> (String) v.get("id")));
  }

  private Map<String, Object> owned(ApiRequest req) {
    return view(ownedSubscription(req));
  }

  private Subscription ownedSubscription(ApiRequest req) {
    String account = req.account();
    String id = req.path("id");
    return Ownership.require(
        subscriptions.find(id), Subscription::accountId, account, "webhook", id);
  }

  private ApiResponse patch(ApiRequest req) {
    Subscription current = ownedSubscription(req);
    PatchBody body = req.body(PatchBody.class);
    String url = body.url() == null ? null : checkedUrl(body.url());
    List<EventType> events = body.events() == null ? null : events(body.events(), current.format());
    String description = body.description() == null ? null : description(body.description());
    SubscriptionStatus status = body.status() == null ? null : settableStatus(body.status());
    if (url != null && !url.equals(current.url())) {
      verify(current.format(), url, current.accountId());
    }
    Subscription updated =
        subscriptions.update(current, new Subscriptions.Change(url, events, description, status));
    if (status == SubscriptionStatus.ACTIVE) {
      changed.run();
    }
    return ApiResponse.ok(view(updated));
  }

  private ApiResponse delete(ApiRequest req) {
    Subscription current = ownedSubscription(req);
    subscriptions.delete(current.id());
    return ApiResponse.ok(Map.of("success", true));
  }

  private ApiResponse deliveries(ApiRequest req) {
    Subscription current = ownedSubscription(req);
    Optional<String> status = req.query("status");
    if (status.isPresent() && !DELIVERY_STATUSES.contains(status.get())) {
      throw ApiException.invalid(
          "status '" + Params.clip(status.get()) + "' must be one of pending, delivered, failed");
    }
    Paging paging = Paging.of(req);
    List<DeliveryLog.Delivery> found =
        deliveries.list(current.id(), status, paging.afterNumber(), paging.limit());
    return ApiResponse.ok(paging.page(found, d -> Long.toString(d.eventId())));
  }

  private ApiResponse replay(ApiRequest req) {
    Subscription current = ownedSubscription(req);
    ReplayBody body = req.body(ReplayBody.class);
    if (body.since() == null) {
      throw ApiException.invalid("missing field 'since'");
    }
    if (!Params.isUnixSeconds(body.since())) {
      throw ApiException.invalid("since " + body.since() + " must be a unix timestamp in seconds");
    }
    int replayed = deliveries.replay(current.id(), body.since() * 1000);
    changed.run();
    return ApiResponse.ok(Map.of("replayed", replayed));
  }

  private String checkedUrl(String url) {
    Optional<String> problem = guard.checkUrl(url);
    if (problem.isPresent()) {
      throw ApiException.invalid(problem.get());
    }
    return url;
  }

  private void verify(Format format, String url, String accountId) {
    Account account =
        accounts.find(accountId).orElseThrow(() -> ApiException.notFound("unknown account"));
    Optional<String> failure = handshake.verify(format, URI.create(url), account.verifyToken());
    if (failure.isPresent()) {
      throw ApiException.invalid("verification failed: " + failure.get());
    }
  }

  private static List<EventType> events(List<String> names, Format format) {
    if (names.isEmpty()) {
      throw ApiException.invalid("events must not be empty");
    }
    Set<EventType> events = new LinkedHashSet<>();
    for (String name : names) {
      if (name == null) {
        throw ApiException.invalid("events must not contain null");
      }
      EventType type =
          EventType.parse(name)
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "event '"
                              + Params.clip(name)
                              + "' must be one of link_clicked, opened, status, inbound"));
      if (!format.supports(type)) {
        throw ApiException.invalid(
            "event '"
                + name
                + "' is not carried by format "
                + format.wireName()
                + " (it carries "
                + Arrays.stream(EventType.values())
                    .filter(format::supports)
                    .map(EventType::wireName)
                    .collect(Collectors.joining(", "))
                + ")");
      }
      events.add(type);
    }
    return List.copyOf(events);
  }

  private static @Nullable String description(@Nullable String description) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw ApiException.invalid(
          "description is " + description.length() + " characters, at most " + MAX_DESCRIPTION);
    }
    return description;
  }

  private static SubscriptionStatus settableStatus(String status) {
    return switch (status) {
      case "active" -> SubscriptionStatus.ACTIVE;
      case "paused" -> SubscriptionStatus.PAUSED;
      default ->
          throw ApiException.invalid(
              "status '" + Params.clip(status) + "' must be active or paused");
    };
  }

  private static Map<String, Object> view(Subscription s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id());
    out.put("url", s.url());
    out.put("format", s.format().wireName());
    out.put("events", s.events().stream().map(EventType::wireName).toList());
    out.put("description", s.description());
    out.put("status", s.status().wireName());
    out.put("created_time", s.createdTime());
    return out;
  }
}
