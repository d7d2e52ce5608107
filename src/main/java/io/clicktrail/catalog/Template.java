package io.clicktrail.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A message template as registered.
 *
 * @param status {@code APPROVED}, or {@code PENDING} after a category change
 */
public record Template(
    String id,
    @JsonIgnore String accountId,
    String name,
    String category,
    String language,
    String status,
    List<Button> buttons,
    @JsonProperty("cta_url_link_tracking_opted_out") boolean trackingOptedOut) {

  /** A template button: {@code url} (with its target) or {@code quick_reply}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Button(String type, String text, @Nullable String url) {}

  /** The template's {@code url} buttons, in order. */
  public List<Button> urlButtons() {
    return buttons.stream().filter(b -> b.type().equals("url")).toList();
  }
}
