package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Webhook items, rate-card prices and expected JSON members for the template_analytics tests. */
final class TemplateAnalyticsFixtures {
  private TemplateAnalyticsFixtures() {}

  static Map<String, BigDecimal> sampleMarketingPrices() throws IOException {
    Map<String, BigDecimal> prices = new HashMap<>();
    for (String line :
        Files.readAllLines(
            Path.of("src/main/resources/ratecard/sample.csv"), StandardCharsets.UTF_8)) {
      String[] f = line.strip().split(",");
      if (f.length == 3 && f[1].strip().equalsIgnoreCase("MARKETING")) {
        prices.put(f[0].strip(), new BigDecimal(f[2].strip()));
      }
    }
    assertThat(prices).containsKey("*");
    return prices;
  }

  static String status(String id, String status, long at, String to, String pricing) {
    return "{\"id\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\",\"timestamp\":\""
        + at
        + "\",\"recipient_id\":\""
        + to
        + "\",\"pricing\":"
        + pricing
        + "}";
  }

  static String reply(String id, String context, String from, String text, long at) {
    return "{\"context\":{\"from\":\"15550783881\",\"id\":\""
        + context
        + "\"},\"from\":\""
        + from
        + "\",\"id\":\""
        + id
        + "\",\"timestamp\":\""
        + at
        + "\",\"type\":\"button\",\"button\":{\"payload\":\"p\",\"text\":\""
        + text
        + "\"}}";
  }

  static Map<String, Object> click(String type, String content, long count) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("button_content", content);
    m.put("count", count);
    return m;
  }

  static Map<String, Object> value(String type, BigDecimal spent, long divisor) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("value", spent.divide(BigDecimal.valueOf(divisor), MathContext.DECIMAL64).doubleValue());
    return m;
  }
}
