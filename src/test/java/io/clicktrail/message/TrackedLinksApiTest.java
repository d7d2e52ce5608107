package io.clicktrail.message;

import static io.clicktrail.message.MessageApiTest.whatsapp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clicktrail.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code POST /v1/messages} numbers, tracks and rewrites links, and adds the open pixel. */
class TrackedLinksApiTest {
  @TempDir Path dir;
  TestServer server;
  TestServer.Account acme;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    acme = server.createAccount("102290129340398", "Acme");
    server.phoneNumber(acme, "106540352242922", "15550783881");
    var t =
        server.put(
            "/v1/templates/t1",
            acme.token(),
            "{\"name\":\"sale\",\"category\":\"MARKETING\",\"language\":\"en\",\"buttons\":["
                + "{\"type\":\"quick_reply\",\"text\":\"Stop\"},"
                + "{\"type\":\"url\",\"text\":\"Shop\",\"url\":\"https://shop.example/\"}]}");
    assertThat(t.status()).as(t.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response register(Object body) {
    return server.post("/v1/messages", acme.token(), body);
  }

  @Test
  void emailHtml_rewritesHrefsAndNothingElse() {
    String html =
        "<p>Grüße 🎉 <a href=\"https://shop.example/a?x=1&amp;y=2\">A</a>\n"
            + "<a class=b href='https://shop.example/b'>B</a> <A HREF=https://shop.example/c>C</A>"
            + " <a href=\"mailto:x@y.z\">m</a> https://plain.example/"
            + " <!-- <a href=\"https://hidden.example/\"> --></p>";

    var r =
        register(
            Map.of(
                "message_id",
                "e0",
                "channel",
                "EMAIL",
                "recipient",
                "ann@example.com",
                "grant_id",
                "g-1",
                "html",
                html));

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode links = r.json().get("links");
    assertThat(links).hasSize(3);
    assertThat(links.get(0).get("url").asText()).isEqualTo("https://shop.example/a?x=1&y=2");
    assertThat(links.get(1).get("url").asText()).isEqualTo("https://shop.example/b");
    assertThat(links.get(2).get("url").asText()).isEqualTo("https://shop.example/c");
    String expected =
        "<p>Grüße 🎉 <a href=\""
            + tracked(links, 0)
            + "\">A</a>\n"
            + "<a class=b href='"
            + tracked(links, 1)
            + "'>B</a> <A HREF="
            + tracked(links, 2)
            + ">C</A> <a href=\"mailto:x@y.z\">m</a> https://plain.example/"
            + " <!-- <a href=\"https://hidden.example/\"> --></p>";
    assertThat(r.json().get("html").asText()).isEqualTo(expected);
    assertThat(r.json().get("text").isNull()).isTrue();
    assertThat(server.queryLong("SELECT COUNT(*) FROM open_pixels")).isZero();
    JsonNode m = server.get("/v1/messages/e0", acme.token()).json();
    assertThat(m.get("channel").asText()).isEqualTo("email");
    assertThat(m.get("grant_id").asText()).isEqualTo("g-1");
    assertThat(m.get("recipient").asText()).isEqualTo("ann@example.com");
  }

  private String tracked(JsonNode links, int i) {
    String url = links.get(i).get("tracked_url").asText();
    assertThat(url).isEqualTo(server.baseUrl() + "/c/" + links.get(i).get("token").asText());
    return url;
  }

  @Test
  void emailOpens_appendsOnePixelWhoseUrlServesAGif() {
    String html = "<html><body><p>Hallo</p></body></html>";

    var r =
        register(
            Map.of(
                "message_id",
                "e1",
                "channel",
                "email",
                "recipient",
                "a@b.example",
                "html",
                html,
                "tracking",
                Map.of("opens", true)));

    String out = r.json().get("html").asText();
    Matcher img =
        Pattern.compile(
                "<img src=\""
                    + Pattern.quote(server.baseUrl())
                    + "/o/([A-Za-z0-9_-]{1,40})\" width=\"1\" height=\"1\"[^>]*>")
            .matcher(out);
    assertThat(img.find()).as(out).isTrue();
    assertThat(out.replace(img.group(), "")).isEqualTo(html);
    assertThat(out.indexOf("<img")).isEqualTo(out.lastIndexOf("<img"));
    var gif = server.click(server.baseUrl() + "/o/" + img.group(1), TestServer.BROWSER);
    assertThat(gif.status()).isEqualTo(200);
    assertThat(gif.header("Content-Type")).isEqualTo("image/gif");
    assertThat(gif.header("Cache-Control")).isEqualTo("no-store");
    assertThat(gif.body()).startsWith("GIF89a");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(server.get("/v1/messages/e1", acme.token()).json().get("opens").asLong())
                    .isEqualTo(1));
  }

  @Test
  void opensWithoutEmailHtml_addNoPixel() {
    var text =
        register(
            Map.of(
                "channel",
                "email",
                "recipient",
                "a@b.example",
                "text",
                "hi",
                "tracking",
                Map.of("opens", true)));
    var wa = register(whatsapp("html", "<p>x</p>", "tracking", Map.of("opens", true)));

    assertThat(text.json().get("text").asText()).isEqualTo("hi");
    assertThat(wa.json().get("html").asText()).isEqualTo("<p>x</p>");
    assertThat(server.queryLong("SELECT COUNT(*) FROM open_pixels")).isZero();
  }

  @Test
  void links_areNumberedTextThenHtmlThenCta() {
    var r =
        register(
            Map.of(
                "channel",
                "email",
                "recipient",
                "a@b.example",
                "template_id",
                "t1",
                "text",
                "one https://t.example/1, two (https://t.example/2).",
                "html",
                "<a href=\"https://h.example/1\">x</a>",
                "cta_urls",
                List.of("https://c.example/1")));

    JsonNode links = r.json().get("links");
    assertThat(links).hasSize(4);
    List<String> expected =
        List.of(
            "0 body https://t.example/1", "1 body https://t.example/2",
            "2 body https://h.example/1", "3 cta https://c.example/1");
    for (int i = 0; i < 4; i++) {
      JsonNode l = links.get(i);
      assertThat(
              l.get("link_index").asText()
                  + " "
                  + l.get("component").asText()
                  + " "
                  + l.get("url").asText())
          .isEqualTo(expected.get(i));
    }
    assertThat(r.json().get("text").asText())
        .isEqualTo("one " + tracked(links, 0) + ", two (" + tracked(links, 1) + ").");
    assertThat(r.json().get("html").asText())
        .isEqualTo("<a href=\"" + tracked(links, 2) + "\">x</a>");
    assertThat(r.json().get("cta_urls").get(0).asText()).isEqualTo(tracked(links, 3));
  }

  @Test
  void trackingLinksFalse_returnsEverythingUnchanged() {
    String text = "go https://t.example/1";
    String html = "<a href=\"https://h.example/1?a=1&amp;b=2\">x</a>";

    var r =
        register(
            Map.of(
                "channel",
                "email",
                "recipient",
                "a@b.example",
                "template_id",
                "t1",
                "text",
                text,
                "html",
                html,
                "cta_urls",
                List.of("https://c.example/1"),
                "tracking",
                Map.of("links", false)));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("text").asText()).isEqualTo(text);
    assertThat(r.json().get("html").asText()).isEqualTo(html);
    assertThat(r.json().get("cta_urls").toString()).isEqualTo("[\"https://c.example/1\"]");
    assertThat(r.json().get("links")).hasSize(3);
    for (JsonNode l : r.json().get("links")) {
      assertThat(l.get("tracked_url").asText()).isEqualTo(l.get("url").asText());
      assertThat(l.get("token").isNull()).isTrue();
    }
  }
}
