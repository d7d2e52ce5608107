package io.clicktrail.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The message ids (and conversation ids) of the statuses in a WhatsApp change's {@code value}, read
 * without a tree.
 */
final class StatusIds {
  private static final JsonFactory JSON = new JsonFactory();

  private StatusIds() {}

  /** The {@code statuses[].id} values of {@code value}; empty when it has none or is not JSON. */
  static List<String> of(String value) {
    return read(value, false);
  }

  /**
   * The {@code statuses[].conversation.id} values of {@code value}; empty when it has none or is
   * not JSON.
   */
  static List<String> conversationsOf(String value) {
    return read(value, true);
  }

  private static List<String> read(String value, boolean conversations) {
    List<String> ids = new ArrayList<>();
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return ids;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken token = p.nextToken();
        if (field.equals("statuses") && token == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            readStatus(p, ids, conversations);
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      // the endpoint only logs parsed values; a value that does not read has no statuses
    }
    return ids;
  }

  private static void readStatus(JsonParser p, List<String> ids, boolean conversations)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken token = p.nextToken();
      if (!conversations && field.equals("id") && token == JsonToken.VALUE_STRING) {
        ids.add(p.getText());
      } else if (conversations && field.equals("conversation") && token == JsonToken.START_OBJECT) {
        readStatus(p, ids, false);
      } else {
        p.skipChildren();
      }
    }
  }
}
