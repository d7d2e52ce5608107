package io.clicktrail.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Cursor paging shared by every {@code /v1} list: {@code limit} (default 100, at most 1000) and an
 * opaque {@code after} cursor; responses are {@code {"data":[…],"paging":{"cursors":{"after":…}}}}
 * with no {@code after} on the last page.
 *
 * @param limit how many items a page holds
 * @param after the decoded cursor: the sort key of the last item of the previous page
 */
public record Paging(int limit, Optional<String> after) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  /** Reads {@code limit} and {@code after} from the query. @throws ApiException 400 */
  public static Paging of(ApiRequest request) {
    int limit = DEFAULT_LIMIT;
    Optional<String> raw = request.query("limit");
    if (raw.isPresent()) {
      try {
        limit = Integer.parseInt(raw.get().trim());
      } catch (NumberFormatException e) {
        throw ApiException.invalid(
            "limit '" + Params.clip(raw.get()) + "' must be an integer from 1 to " + MAX_LIMIT);
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiException.invalid("limit " + limit + " must be from 1 to " + MAX_LIMIT);
      }
    }
    Optional<String> after = request.query("after").map(Paging::decode);
    return new Paging(limit, after);
  }

  /** The cursor text for the sort key {@code key}. */
  public static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("after cursor '" + Params.clip(cursor) + "' is not valid");
    }
  }

  /** The decoded cursor as a number. @throws ApiException 400 when it is not one */
  public Optional<Long> afterNumber() {
    return after.map(
        a -> {
          try {
            return Long.parseLong(a);
          } catch (NumberFormatException e) {
            throw ApiException.invalid("after cursor is not valid");
          }
        });
  }

  /**
   * The page body. Pass up to {@code limit + 1} items: one more than a page means there is a next
   * page, whose cursor is the key of the last item kept.
   */
  public <T> Map<String, Object> page(
      List<T> itemsPlusOne, java.util.function.Function<T, String> key) {
    boolean more = itemsPlusOne.size() > limit;
    List<T> items = more ? itemsPlusOne.subList(0, limit) : itemsPlusOne;
    Map<String, Object> cursors = new LinkedHashMap<>();
    @Nullable String next = more ? encode(key.apply(items.get(items.size() - 1))) : null;
    if (next != null) {
      cursors.put("after", next);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", items);
    body.put("paging", Map.of("cursors", cursors));
    return body;
  }
}
