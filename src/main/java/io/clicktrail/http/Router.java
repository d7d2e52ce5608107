package io.clicktrail.http;

import io.clicktrail.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes API requests by method and path pattern, and turns every failure into the Graph error
 * shape.
 *
 * <p>Patterns are literal segments and {@code {name}} captures of one segment. When several
 * patterns match a path, the one with more literal segments is tried first, then in registration
 * order; a route may decline (return null) to let the next one answer. {@link #graph} registers a
 * pattern also under an optional Graph version prefix ({@code /v21.0}).
 */
public final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private static final Pattern VERSION = Pattern.compile("v\\d{1,3}(\\.\\d{1,3})?");

  /** The default request body limit: 1 MiB. */
  public static final long DEFAULT_BODY_LIMIT = 1L << 20;

  private record Entry(
      String method, String[] segments, int literals, int order, long bodyLimit, Route route) {}

  /** A route matched to a path, with its captures. */
  record Match(Entry entry, Map<String, String> params) {
    long bodyLimit() {
      return entry.bodyLimit();
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** Registers {@code route} for {@code method} and {@code pattern} with the default body limit. */
  public void add(String method, String pattern, Route route) {
    add(method, pattern, DEFAULT_BODY_LIMIT, route);
  }

  /** Registers {@code route} with its own body limit in bytes. */
  public synchronized void add(String method, String pattern, long bodyLimit, Route route) {
    String[] segments = split(pattern);
    int literals = 0;
    for (String s : segments) {
      if (!isCapture(s)) {
        literals++;
      }
    }
    entries.add(new Entry(method, segments, literals, entries.size(), bodyLimit, route));
    entries.sort(
        Comparator.comparingInt((Entry e) -> -e.literals()).thenComparingInt(Entry::order));
  }

  /** Registers a Graph API path, reachable with and without a version prefix. */
  public void graph(String method, String pattern, Route route) {
    add(method, pattern, route);
    add(method, "/{graph_version}" + pattern, route);
  }

  /** The routes matching {@code path} for {@code method}, best first. */
  List<Match> match(String method, String path) {
    String[] parts = split(path);
    List<Match> matches = new ArrayList<>();
    for (Entry e : entries) {
      if (e.method().equals(method)) {
        Map<String, String> params = capture(e.segments(), parts);
        if (params != null) {
          matches.add(new Match(e, params));
        }
      }
    }
    return matches;
  }

  /**
   * Methods some route accepts for {@code path}. Patterns of captures alone (Graph nodes such as
   * {@code /{node}}) match every path of their length, so they make no path known; the root ({@code
   * /}, no segment at all) is a known path.
   */
  Set<String> allowed(String path) {
    String[] parts = split(path);
    Set<String> methods = new LinkedHashSet<>();
    for (Entry e : entries) {
      boolean known = e.literals() > 0 || e.segments().length == 0;
      if (known && capture(e.segments(), parts) != null) {
        methods.add(e.method());
      }
    }
    return methods;
  }

  /**
   * Runs the matching routes in order until one answers; maps every failure to the error shape.
   * Never throws.
   */
  ApiResponse dispatch(List<Match> matches, RequestFactory requests, String method, String path) {
    try {
      for (Match m : matches) {
        ApiResponse r = m.entry().route().handle(requests.create(m));
        if (r != null) {
          return r;
        }
      }
      throw ApiException.notFound("unknown path " + path);
    } catch (ApiException e) {
      return error(e, method, path, null);
    } catch (StoreUnavailableException e) {
      return error(
          ApiException.unavailable("temporarily unavailable, retry later"), method, path, e);
    } catch (Exception e) {
      return error(
          new ApiException(500, 1, "OAuthException", "an unknown error occurred", null),
          method,
          path,
          e);
    }
  }

  /** Builds the request object for a matched route. */
  @FunctionalInterface
  interface RequestFactory {
    ApiRequest create(Match match);
  }

  static ApiResponse error(ApiException e, String method, String path, @Nullable Throwable cause) {
    String trace = GraphError.newTraceId();
    if (cause != null) {
      LOG.error("fbtrace_id={} {} {} failed", trace, method, path, cause);
    } else if (e.status() >= 500) {
      LOG.warn("fbtrace_id={} {} {} status={} {}", trace, method, path, e.status(), e.getMessage());
    } else {
      LOG.debug(
          "fbtrace_id={} {} {} status={} {}", trace, method, path, e.status(), e.getMessage());
    }
    return new ApiResponse(
        e.status(), "application/json; charset=utf-8", GraphError.bytes(e, trace), Map.of());
  }

  private static @Nullable Map<String, String> capture(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (isCapture(p)) {
        String name = p.substring(1, p.length() - 1);
        if (name.equals("graph_version") && !VERSION.matcher(parts[i]).matches()) {
          return null;
        }
        if (parts[i].isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new HashMap<>();
        }
        params.put(name, parts[i]);
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  private static boolean isCapture(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.isEmpty()) {
      return new String[0];
    }
    return p.split("/", -1);
  }
}
