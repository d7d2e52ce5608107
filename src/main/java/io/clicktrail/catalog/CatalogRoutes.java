package io.clicktrail.catalog;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiRequest;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Ownership;
import io.clicktrail.http.Paging;
import io.clicktrail.http.Params;
import io.clicktrail.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/phone_numbers}, {@code /v1/templates} and the Graph template update {@code POST
 * /{template_id}?cta_url_link_tracking_opted_out=…&category=…}.
 */
public final class CatalogRoutes {
  static final Pattern OBJECT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]{1,512}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?");
  private static final Pattern DISPLAY_NUMBER = Pattern.compile("\\+?[0-9]{5,20}");
  private static final Set<String> CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");
  private static final int MAX_BUTTONS = 10;

  private CatalogRoutes() {}

  record PutPhoneNumber(@Nullable String displayPhoneNumber) {}

  record PutTemplate(
      @Nullable String name,
      @Nullable String category,
      @Nullable String language,
      @Nullable List<ButtonBody> buttons) {}

  record ButtonBody(@Nullable String type, @Nullable String text, @Nullable String url) {}

  public static void register(Router router, Catalog catalog) {
    router.add(
        "PUT",
        "/v1/phone_numbers/{id}",
        req -> {
          String account = req.account();
          String id = objectId(req, "phone_number_id");
          PutPhoneNumber body = req.body(PutPhoneNumber.class);
          String display = Params.require(body.displayPhoneNumber(), "display_phone_number").trim();
          if (!DISPLAY_NUMBER.matcher(display).matches()) {
            throw ApiException.invalid(
                "display_phone_number '" + Params.clip(display) + "' must be 5 to 20 digits");
          }
          return ApiResponse.ok(catalog.putPhoneNumber(account, id, display.replace("+", "")));
        });
    router.add(
        "GET",
        "/v1/phone_numbers",
        req -> {
          String account = req.account();
          Paging paging = Paging.of(req);
          return ApiResponse.ok(
              paging.page(
                  catalog.phoneNumbers(account, paging.after(), paging.limit() + 1),
                  PhoneNumber::id));
        });
    router.add(
        "PUT",
        "/v1/templates/{id}",
        req -> {
          String account = req.account();
          String id = objectId(req, "template_id");
          return ApiResponse.ok(
              catalog.putTemplate(template(account, id, req.body(PutTemplate.class))));
        });
    router.add(
        "GET",
        "/v1/templates/{id}",
        req -> {
          String account = req.account();
          String id = req.path("id");
          Template t =
              Ownership.require(
                  catalog.anyTemplate(id), Template::accountId, account, "template", id);
          return ApiResponse.ok(t);
        });
    router.add(
        "GET",
        "/v1/templates",
        req -> {
          String account = req.account();
          Paging paging = Paging.of(req);
          return ApiResponse.ok(
              paging.page(
                  catalog.templates(account, paging.after(), paging.limit() + 1), Template::id));
        });
    router.graph("POST", "/{node}", req -> updateTemplate(req, catalog));
  }

  private static @Nullable ApiResponse updateTemplate(ApiRequest req, Catalog catalog) {
    String account = req.account();
    Optional<Template> t = catalog.anyTemplate(req.path("node"));
    if (t.isEmpty()) {
      return null;
    }
    if (!t.get().accountId().equals(account)) {
      throw ApiException.forbidden("template " + t.get().id() + " belongs to another account");
    }
    var params = req.params();
    for (String name : params.getNames()) {
      if (!Set.of("cta_url_link_tracking_opted_out", "category", "access_token").contains(name)) {
        throw ApiException.invalid("unknown parameter '" + Params.clip(name) + "'");
      }
    }
    Optional<Boolean> optedOut =
        Optional.ofNullable(params.getValue("cta_url_link_tracking_opted_out"))
            .map(v -> bool(v, "cta_url_link_tracking_opted_out"));
    Optional<String> category =
        Optional.ofNullable(params.getValue("category")).map(CatalogRoutes::category);
    if (optedOut.isEmpty() && category.isEmpty()) {
      throw ApiException.invalid("one of cta_url_link_tracking_opted_out or category is required");
    }
    catalog.updateTemplate(account, t.get().id(), optedOut, category);
    return ApiResponse.ok(Map.of("success", true));
  }

  private static Template template(String account, String id, PutTemplate body) {
    String name = Params.require(body.name(), "name");
    if (!TEMPLATE_NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          "name '" + Params.clip(name) + "' must be lowercase letters, digits and underscores");
    }
    String category = category(Params.require(body.category(), "category"));
    String language = Params.require(body.language(), "language");
    if (!LANGUAGE.matcher(language).matches()) {
      throw ApiException.invalid("language '" + Params.clip(language) + "' is not a language code");
    }
    List<ButtonBody> raw = body.buttons() == null ? List.of() : body.buttons();
    if (raw.size() > MAX_BUTTONS) {
      throw ApiException.invalid("buttons: at most " + MAX_BUTTONS + " are allowed");
    }
    List<Template.Button> buttons = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      buttons.add(button(raw.get(i), "buttons[" + i + "]"));
    }
    return new Template(
        id, account, name, category, language, "APPROVED", List.copyOf(buttons), false);
  }

  private static Template.Button button(@Nullable ButtonBody b, String where) {
    if (b == null) {
      throw ApiException.invalid(where + " must be an object");
    }
    String type = Params.require(b.type(), where + ".type").toLowerCase(Locale.ROOT);
    String text = Params.require(b.text(), where + ".text");
    if (text.isBlank() || text.length() > 200) {
      throw ApiException.invalid(where + ".text must be 1 to 200 characters");
    }
    return switch (type) {
      case "url" -> new Template.Button("url", text, buttonUrl(b.url(), where + ".url"));
      case "quick_reply" -> {
        if (b.url() != null) {
          throw ApiException.invalid(where + ".url is only for url buttons");
        }
        yield new Template.Button("quick_reply", text, null);
      }
      default ->
          throw ApiException.invalid(
              where + ".type '" + Params.clip(type) + "' must be url or quick_reply");
    };
  }

  /**
   * A url button's target. A dynamic button ends in WhatsApp's {@code {{1}}} placeholder (the
   * spec's {@code {public-url}/c/{{1}}}), which no URI parser accepts, so it is checked as if
   * filled in.
   */
  private static String buttonUrl(@Nullable String url, String field) {
    String value = Params.require(url, field);
    Params.httpUrl(value.replace("{{1}}", "1"), field);
    return value;
  }

  private static String category(String raw) {
    String c = raw.trim().toUpperCase(Locale.ROOT);
    if (!CATEGORIES.contains(c)) {
      throw ApiException.invalid(
          "category '" + Params.clip(raw) + "' must be one of MARKETING, UTILITY, AUTHENTICATION");
    }
    return c;
  }

  private static boolean bool(String raw, String name) {
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.invalid(name + " '" + Params.clip(raw) + "' must be true or false");
    };
  }

  private static String objectId(ApiRequest req, String what) {
    String id = req.path("id");
    if (!OBJECT_ID.matcher(id).matches()) {
      throw ApiException.invalid(
          what + " '" + Params.clip(id) + "' must be 1 to 64 of A-Z a-z 0-9 _ . : -");
    }
    return id;
  }
}
