package io.clicktrail.attribution;

import io.clicktrail.http.ApiException;
import io.clicktrail.http.ApiRequest;
import io.clicktrail.http.ApiResponse;
import io.clicktrail.http.Paging;
import io.clicktrail.http.Params;
import io.clicktrail.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /v1/attribution?since=&until=} (account token): one item per ad, paged by {@code
 * source_id} like every {@code /v1} list.
 */
public final class AttributionRoutes {
  private AttributionRoutes() {}

  public static void register(Router router, Attribution attribution) {
    router.add("GET", "/v1/attribution", req -> report(req, attribution));
  }

  private static ApiResponse report(ApiRequest req, Attribution attribution) {
    String account = req.account();
    long since = req.query("since").map(s -> Params.unixSeconds(s, "since")).orElse(0L);
    Optional<Long> until = req.query("until").map(s -> Params.unixSeconds(s, "until"));
    if (until.isPresent() && until.get() <= since) {
      throw ApiException.invalid("until " + until.get() + " must be after since " + since);
    }
    Paging paging = Paging.of(req);
    List<AdPerformance> ads =
        attribution.report(
            account,
            since,
            until.map(OptionalLong::of).orElse(OptionalLong.empty()),
            paging.after().orElse(""),
            paging.limit() + 1);
    List<Map<String, Object>> items = new ArrayList<>(ads.size());
    for (AdPerformance a : ads) {
      items.add(view(a));
    }
    return ApiResponse.ok(paging.page(items, m -> (String) m.get("source_id")));
  }

  private static Map<String, Object> view(AdPerformance a) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("source_id", a.sourceId());
    v.put("source_type", a.sourceType());
    v.put("source_url", a.sourceUrl());
    v.put("headline", a.headline());
    v.put("body", a.body());
    v.put("media_type", a.mediaType());
    v.put("conversations", a.conversations());
    v.put("users", a.users());
    v.put("replies", a.replies());
    v.put("messages_sent", a.messagesSent());
    v.put("clicks", a.clicks());
    return v;
  }
}
