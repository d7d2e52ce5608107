package io.clicktrail.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LinkRewriterTest {

  @Nested
  class InText {

    @Test
    void whatsAppBody_replacesOnlyTheUrls() {
      String text =
          "Hi 👋 (see https://shop.example/p/1?ref=wa). Last call: https://shop.example/sale!";

      String rewritten =
          LinkRewriter.inText(
              text,
              LinkExtractor.inText(text),
              List.of("https://t.example/c/AAA", "https://t.example/c/BBB"));

      assertThat(rewritten)
          .isEqualTo("Hi 👋 (see https://t.example/c/AAA). Last call: https://t.example/c/BBB!");
    }

    @Test
    void emailTextPart_keepsLineBreaksAndPunctuation() {
      String text =
          "Hello,\r\n\r\nYour order: https://track.example/t/1?c=a&d=1.\r\n"
              + "Help: <https://help.example/faq#shipping>\r\n";

      String rewritten =
          LinkRewriter.inText(
              text,
              LinkExtractor.inText(text),
              List.of("https://t.example/c/x1", "https://t.example/c/x2"));

      assertThat(rewritten)
          .isEqualTo(
              "Hello,\r\n\r\nYour order: https://t.example/c/x1.\r\nHelp: <https://t.example/c/x2>\r\n");
    }

    @Test
    void replacement_isInsertedVerbatim() {
      String text = "a https://a.example/ b";

      String rewritten =
          LinkRewriter.inText(
              text, LinkExtractor.inText(text), List.of("https://t.example/c/a&b=\"<>\""));

      assertThat(rewritten).isEqualTo("a https://t.example/c/a&b=\"<>\" b");
    }

    @Test
    void noLinks_returnsTextUnchanged() {
      assertThat(LinkRewriter.inText("no links here", List.of(), List.of()))
          .isEqualTo("no links here");
    }

    @Test
    void sizeMismatch_throwsIllegalArgument() {
      String text = "https://a.example/";

      assertThatIllegalArgumentException()
          .isThrownBy(() -> LinkRewriter.inText(text, LinkExtractor.inText(text), List.of()))
          .withMessage("links (1) and replacements (0) differ");
    }

    @Test
    void overlappingSpans_throwIllegalArgument() {
      String text = "0123456789";
      List<FoundLink> links = List.of(new FoundLink(0, 5, "x"), new FoundLink(4, 6, "y"));

      assertThatIllegalArgumentException()
          .isThrownBy(() -> LinkRewriter.inText(text, links, List.of("a", "b")))
          .withMessage("link 1 span [4,6) must lie within [5,10)");
    }

    @Test
    void descendingSpans_throwIllegalArgument() {
      String text = "0123456789";
      List<FoundLink> links = List.of(new FoundLink(6, 8, "x"), new FoundLink(0, 2, "y"));

      assertThatIllegalArgumentException()
          .isThrownBy(() -> LinkRewriter.inText(text, links, List.of("a", "b")));
    }

    @Test
    void spanBeyondEnd_throwsIllegalArgument() {
      List<FoundLink> links = List.of(new FoundLink(2, 11, "x"));

      assertThatIllegalArgumentException()
          .isThrownBy(() -> LinkRewriter.inText("0123456789", links, List.of("a")))
          .withMessage("link 0 span [2,11) must lie within [0,10)");
    }

    @Test
    void negativeSpan_isRejectedByFoundLink() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new FoundLink(3, 2, "x"))
          .withMessage("span [3,2) must satisfy 0 <= start <= end");
    }
  }

  @Nested
  class InHtml {

    private static String rewrite(String html, String... replacements) {
      return LinkRewriter.inHtml(html, LinkExtractor.inHtml(html), List.of(replacements));
    }

    @Test
    void emailWithSeveralAnchors_changesOnlyHttpHrefValues() {
      String html =
          """
          <html><head><title>Sale https://title.example/</title></head><body>
          <!-- <a href="https://hidden.example/"> -->
          <p><a href="https://shop.example/sale?utm_source=email&amp;utm_medium=news" class="btn">Shop now</a></p>
          <p>Or <A class=link HREF='https://shop.example/p/1'>this</A> and <a href=https://shop.example/p/2>that</a>.</p>
          <p><a href="mailto:help@shop.example">Email us</a> · <img src="https://cdn.example/logo.png" alt=""></p>
          </body></html>
          """;

      String rewritten =
          rewrite(
              html,
              "https://t.example/c/AAA",
              "https://t.example/c/BBB",
              "https://t.example/c/CCC");

      assertThat(rewritten)
          .isEqualTo(
              """
              <html><head><title>Sale https://title.example/</title></head><body>
              <!-- <a href="https://hidden.example/"> -->
              <p><a href="https://t.example/c/AAA" class="btn">Shop now</a></p>
              <p>Or <A class=link HREF='https://t.example/c/BBB'>this</A> and <a href=https://t.example/c/CCC>that</a>.</p>
              <p><a href="mailto:help@shop.example">Email us</a> · <img src="https://cdn.example/logo.png" alt=""></p>
              </body></html>
              """);
    }

    @Test
    void doubleQuotedValue_escapesAmpersandAndQuotes() {
      String html = "<a href=\"https://a.example/?x=1&amp;y=2\" class=\"b\">Go</a>";

      assertThat(rewrite(html, "https://t.example/c/t?a=1&b=\"2\"&c='3'<>"))
          .isEqualTo(
              "<a href=\"https://t.example/c/t?a=1&amp;b=&quot;2&quot;&amp;c=&#39;3&#39;&lt;&gt;\""
                  + " class=\"b\">Go</a>");
    }

    @Test
    void singleQuotedValue_escapesApostrophe() {
      String html = "<a href='https://a.example/'>Go</a>";

      assertThat(rewrite(html, "https://t.example/c/it's"))
          .isEqualTo("<a href='https://t.example/c/it&#39;s'>Go</a>");
    }

    @Test
    void unquotedValue_staysUnquotedWhenReplacementFits() {
      String html = "<A HREF=https://a.example/X>Go</A>";

      assertThat(rewrite(html, "https://t.example/c/tok?a&b"))
          .isEqualTo("<A HREF=https://t.example/c/tok?a&amp;b>Go</A>");
    }

    @Test
    void unquotedValue_isDoubleQuotedWhenReplacementDoesNotFit() {
      String html = "<a href=https://a.example/x target=_blank>Go</a>";

      assertThat(rewrite(html, "https://t.example/c/t?u=1&v=\"x y\""))
          .isEqualTo(
              "<a href=\"https://t.example/c/t?u=1&amp;v=&quot;x y&quot;\" target=_blank>Go</a>");
    }

    @Test
    void valueWithSurroundingWhitespace_isReplacedWhole() {
      String html = "<a href=\" https://a.example/x \">Go</a>";

      assertThat(rewrite(html, "https://t.example/c/t"))
          .isEqualTo("<a href=\"https://t.example/c/t\">Go</a>");
    }

    @Test
    void sizeMismatch_throwsIllegalArgument() {
      String html = "<a href=\"https://a.example/\">Go</a>";

      assertThatIllegalArgumentException()
          .isThrownBy(() -> rewrite(html, "https://t.example/c/1", "https://t.example/c/2"))
          .withMessage("links (1) and replacements (2) differ");
    }
  }
}
