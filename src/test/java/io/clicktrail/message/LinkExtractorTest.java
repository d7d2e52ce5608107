package io.clicktrail.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkExtractorTest {

  private static List<String> urls(List<FoundLink> links) {
    return links.stream().map(FoundLink::url).toList();
  }

  private static List<String> spans(String source, List<FoundLink> links) {
    return links.stream().map(l -> source.substring(l.start(), l.end())).toList();
  }

  @Nested
  class InText {

    @Test
    void whatsAppBodyWithEmoji_findsUrlWithExactSpan() {
      String text =
          "Hi Ana 👋 New colours are in 🎨: https://shop.example/p/1?ref=wa 🔥 Reply STOP";

      assertThat(LinkExtractor.inText(text))
          .containsExactly(new FoundLink(33, 64, "https://shop.example/p/1?ref=wa"));
    }

    @Test
    void queryAndFragment_areKept() {
      String text = "Track it: https://shop.example/o/9?x=1&y=a%20b#details.";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly("https://shop.example/o/9?x=1&y=a%20b#details");
    }

    @Test
    void trailingPunctuation_isNotPartOfUrl() {
      String text =
          "Go to https://a.example/x. Or https://b.example/y, or https://c.example/z!? Really:"
              + " https://d.example/w; https://e.example/v: 'https://f.example/u' https://g.example/t...";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly(
              "https://a.example/x",
              "https://b.example/y",
              "https://c.example/z",
              "https://d.example/w",
              "https://e.example/v",
              "https://f.example/u",
              "https://g.example/t");
    }

    @Test
    void punctuationInsideUrl_isKept() {
      String text = "https://a.example/a.b,c;d:e!f?g'h=i";

      assertThat(LinkExtractor.inText(text)).containsExactly(new FoundLink(0, 35, text));
    }

    @Test
    void balancedParenthesis_isKept() {
      String text = "See https://en.wikipedia.org/wiki/Foo_(bar) for details";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly("https://en.wikipedia.org/wiki/Foo_(bar)");
    }

    @Test
    void urlInParentheses_dropsUnbalancedClosingParenthesis() {
      String text = "Details (see https://x.example/a) below";

      assertThat(LinkExtractor.inText(text))
          .containsExactly(new FoundLink(13, 32, "https://x.example/a"));
    }

    @Test
    void bracketedUrlWithOwnParenthesis_keepsOnlyItsOwn() {
      String text = "(https://en.wikipedia.org/wiki/Foo_(bar)).";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly("https://en.wikipedia.org/wiki/Foo_(bar)");
    }

    @Test
    void squareAndCurlyBrackets_areStrippedOnlyWhenUnbalanced() {
      String text = "[https://a.example/x] {https://b.example/y}, https://c.example/[z]";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly("https://a.example/x", "https://b.example/y", "https://c.example/[z]");
    }

    @Test
    void mixedTrailingPunctuationAndBrackets_areStrippedRepeatedly() {
      String text = "(Last chance: https://shop.example/sale?u=42!).";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly("https://shop.example/sale?u=42");
    }

    @Test
    void twoUrlsAdjacentToPunctuation_areFoundSeparately() {
      String text = "https://a.example/1, https://b.example/2.";

      assertThat(LinkExtractor.inText(text))
          .containsExactly(
              new FoundLink(0, 19, "https://a.example/1"),
              new FoundLink(21, 40, "https://b.example/2"));
    }

    @Test
    void urlsJoinedWithoutWhitespace_formOneLink() {
      String text = "https://a.example/1,https://b.example/2";

      assertThat(urls(LinkExtractor.inText(text))).containsExactly(text);
    }

    @Test
    void schemeAfterDelimitersOrMidWord_isFound() {
      String text =
          "\"https://a.example/q\" <https://b.example/r> (https://c.example/s) see:https://d.example/t";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly(
              "https://a.example/q",
              "https://b.example/r",
              "https://c.example/s",
              "https://d.example/t");
    }

    @Test
    void schemeCase_isIgnoredAndUrlKeptAsWritten() {
      String text = "HTTPS://Shop.Example/X and Http://b.example";

      assertThat(LinkExtractor.inText(text))
          .containsExactly(
              new FoundLink(0, 22, "HTTPS://Shop.Example/X"),
              new FoundLink(27, 43, "Http://b.example"));
    }

    @Test
    void schemeWithoutHost_isNotALink() {
      String text = "http:// https://. http://) <https://> \"http://\" https://";

      assertThat(LinkExtractor.inText(text)).isEmpty();
    }

    @Test
    void otherSchemesAndBareDomains_areNotLinks() {
      String text = "ftp://a.example mailto:x@y.example www.example.com tel:+15550100 httpx://a";

      assertThat(LinkExtractor.inText(text)).isEmpty();
    }

    @Test
    void nonAsciiCharacters_arePartOfUrl() {
      String text = "Visit https://例え.jp/パス?q=ü for more";

      assertThat(LinkExtractor.inText(text))
          .containsExactly(new FoundLink(6, 26, "https://例え.jp/パス?q=ü"));
    }

    @Test
    void emojiRightAfterUrl_isPartOfUrl() {
      String text = "https://a.example/x🔥 hot";

      assertThat(urls(LinkExtractor.inText(text))).containsExactly("https://a.example/x🔥");
    }

    @Test
    void unicodeWhitespace_endsUrl() {
      String text =
          "https://a.example/1\u00a0x https://b.example/2\u3000y https://c.example/3\u2028"
              + "https://d.example/4\tz https://e.example/5\u202fw https://f.example/6\u0085";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly(
              "https://a.example/1",
              "https://b.example/2",
              "https://c.example/3",
              "https://d.example/4",
              "https://e.example/5",
              "https://f.example/6");
    }

    @Test
    void emailTextPartWithCrlf_findsUrlsPerLine() {
      String text =
          "Hello,\r\n\r\nYour order shipped: https://track.example/t/123?c=abc&d=1.\r\n"
              + "Questions? https://help.example/faq#shipping\r\n";

      assertThat(urls(LinkExtractor.inText(text)))
          .containsExactly(
              "https://track.example/t/123?c=abc&d=1", "https://help.example/faq#shipping");
    }

    @Test
    void repeatedScheme_staysOneLink() {
      String text = "https://https://a.example";

      assertThat(urls(LinkExtractor.inText(text))).containsExactly(text);
    }

    @Test
    void lookalikeNonAsciiLetterInScheme_isNotAScheme() {
      // U+017F (long s) upper-cases to 'S', but is no ASCII letter
      String text = "http\u017f://a.example/x";

      assertThat(LinkExtractor.inText(text)).isEmpty();
    }

    @Test
    void emptyText_hasNoLinks() {
      assertThat(LinkExtractor.inText("")).isEmpty();
    }
  }

  @Nested
  class InHtml {

    private static final String EMAIL =
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Sale https://title.example/</title>
        <style>a[href^="https://style.example"] { color: red }</style></head>
        <body>
        <p>Hi Ana,</p>
        <p><a href="https://shop.example/sale?utm_source=email&amp;utm_medium=news" class="btn">Shop now</a></p>
        <p>Or see <a class="link" href='https://shop.example/p/1'>this</a> and <a href=https://shop.example/p/2>that</a>.</p>
        <img src="https://cdn.example/logo.png" alt="">
        <p><a href="mailto:help@shop.example">Email us</a> · <a href="#top">Top</a> · <a href="/unsubscribe">Unsubscribe</a></p>
        </body></html>
        """;

    @Test
    void simpleAnchor_spanIsTheValueInsideQuotes() {
      String html = "<a href=\"https://a.example/x\">x</a>";

      assertThat(LinkExtractor.inHtml(html))
          .containsExactly(new FoundLink(9, 28, "https://a.example/x"));
    }

    @Test
    void emailWithSeveralAnchors_findsHttpHrefsInOrder() {
      List<FoundLink> links = LinkExtractor.inHtml(EMAIL);

      assertThat(urls(links))
          .containsExactly(
              "https://shop.example/sale?utm_source=email&utm_medium=news",
              "https://shop.example/p/1",
              "https://shop.example/p/2");
      assertThat(spans(EMAIL, links))
          .containsExactly(
              "https://shop.example/sale?utm_source=email&amp;utm_medium=news",
              "https://shop.example/p/1",
              "https://shop.example/p/2");
    }

    @Test
    void ampersandEntity_isDecodedInUrlButSpanCoversSource() {
      String html = "<a href=\"https://a.example/?x=1&amp;y=2\">x</a>";

      assertThat(LinkExtractor.inHtml(html))
          .containsExactly(new FoundLink(9, 39, "https://a.example/?x=1&y=2"));
    }

    @Test
    void uppercaseTagAndAttribute_areFound() {
      String html = "<A HREF=https://a.example/X>Go</A>";

      assertThat(LinkExtractor.inHtml(html))
          .containsExactly(new FoundLink(8, 27, "https://a.example/X"));
    }

    @Test
    void singleQuotedValue_mayHoldDoubleQuote() {
      String html = "<a href='https://a.example/it\"s'>x</a>";

      assertThat(LinkExtractor.inHtml(html))
          .containsExactly(new FoundLink(9, 31, "https://a.example/it\"s"));
    }

    @Test
    void unquotedValue_endsAtWhitespaceOrGreaterThan() {
      String html =
          "<a href=https://a.example/x?y=1 target=_blank>a</a><a href=https://b.example/>b</a>";

      assertThat(spans(html, LinkExtractor.inHtml(html)))
          .containsExactly("https://a.example/x?y=1", "https://b.example/");
    }

    @Test
    void attributesOverSeveralLines_areParsed() {
      String html = "<a\n  class=\"btn\"\n  href\n  =\n  'https://a.example/x'\n  data-x\n>go</a>";

      assertThat(spans(html, LinkExtractor.inHtml(html))).containsExactly("https://a.example/x");
    }

    @Test
    void attributeWithoutValueBeforeHref_isSkipped() {
      String html = "<a download href=\"https://a.example/f.pdf\">PDF</a>";

      assertThat(urls(LinkExtractor.inHtml(html))).containsExactly("https://a.example/f.pdf");
    }

    @Test
    void missingWhitespaceBetweenAttributes_stillFindsHref() {
      String html = "<a class=\"x\"href=\"https://a.example/\">x</a><a/href='https://b.example/'>";

      assertThat(urls(LinkExtractor.inHtml(html)))
          .containsExactly("https://a.example/", "https://b.example/");
    }

    @Test
    void greaterThanInsideQuotedAttribute_doesNotEndTag() {
      String html = "<a title=\"1 > 0\" href=\"https://a.example/\">x</a>";

      assertThat(urls(LinkExtractor.inHtml(html))).containsExactly("https://a.example/");
    }

    @Test
    void repeatedHref_firstOneWins() {
      String html =
          "<a href=\"https://first.example/\" href=\"https://second.example/\">1</a>"
              + "<a HREF=\"#top\" href=\"https://third.example/\">2</a>";

      assertThat(urls(LinkExtractor.inHtml(html))).containsExactly("https://first.example/");
    }

    @Test
    void anchorWithoutHrefOrValue_isSkipped() {
      String html =
          "<a name=\"top\">t</a><a href>x</a><a href=>y</a><a href=\"https://a.example/\">z</a>";

      assertThat(urls(LinkExtractor.inHtml(html))).containsExactly("https://a.example/");
    }

    @Test
    void nonHttpHrefs_areNotLinks() {
      String html =
          """
          <a href="mailto:help@shop.example">m</a><a href="tel:+15550100">t</a>
          <a href="#section">f</a><a href="/unsubscribe">r</a><a href="page.html">r</a>
          <a href="javascript:alert(1)">j</a><a href="//cdn.example/x">p</a>
          <a href="ftp://files.example/">f</a><a href="https://">e</a><a href="">e</a>
          """;

      assertThat(LinkExtractor.inHtml(html)).isEmpty();
    }

    @Test
    void surroundingWhitespace_isTrimmedFromUrlButKeptInSpan() {
      String html = "<a href=\"  HTTPS://A.example/x\n\">x</a>";

      List<FoundLink> links = LinkExtractor.inHtml(html);

      assertThat(urls(links)).containsExactly("HTTPS://A.example/x");
      assertThat(spans(html, links)).containsExactly("  HTTPS://A.example/x\n");
    }

    @Test
    void characterReferences_areDecoded() {
      String html =
          "<a href=\"&#104;ttps&#58;//a.example/&#x41;&#X42;?q=&#233;&amp;r=&lt;&gt;&quot;&apos;"
              + "&AMP;&nbsp;&amp&#0;&#x110000;&#xD800;&#;\">x</a>";

      assertThat(urls(LinkExtractor.inHtml(html)))
          .containsExactly("https://a.example/AB?q=é&r=<>\"'&&nbsp;&amp\uFFFD\uFFFD\uFFFD&#;");
    }

    @Test
    void anchorInsideComment_isNotFound() {
      String html =
          "<!-- <a href=\"https://hidden.example/\"> --><a href=\"https://shown.example/\">x</a>"
              + "<!--><a href=\"https://after-empty-comment.example/\">y</a>";

      assertThat(urls(LinkExtractor.inHtml(html)))
          .containsExactly("https://shown.example/", "https://after-empty-comment.example/");
    }

    @Test
    void anchorInsideRawTextElements_isNotFound() {
      String html =
          """
          <title><a href="https://hidden.example/1">t</a></title>
          <script type="text/javascript">var s = '<a href="https://hidden.example/2">';</SCRIPT >
          <style>/* <a href="https://hidden.example/3"> */</style>
          <textarea name="t"><a href="https://hidden.example/4"></textarea>
          <a href="https://shown.example/">shown</a>
          """;

      assertThat(urls(LinkExtractor.inHtml(html))).containsExactly("https://shown.example/");
    }

    @Test
    void scriptContent_endsOnlyAtItsOwnEndTag() {
      String html =
          "<script>var s = \"</style><a href='https://hidden.example/'></scripts>\";</script>"
              + "<a href=\"https://shown.example/\">x</a>";

      assertThat(urls(LinkExtractor.inHtml(html))).containsExactly("https://shown.example/");
    }

    @Test
    void anchorInsideCdata_isNotFound() {
      String html =
          "<![CDATA[ <a href=\"https://hidden.example/\"> ]]><a href=\"https://shown.example/\">";

      assertThat(urls(LinkExtractor.inHtml(html))).containsExactly("https://shown.example/");
    }

    @Test
    void otherElementsWithUrls_areNotLinks() {
      String html =
          """
          <base href="https://base.example/"><link rel="stylesheet" href="https://css.example/s.css">
          <map><area shape="rect" coords="0,0,1,1" href="https://area.example/"></map>
          <img src="https://img.example/i.png"><a data-href="https://data.example/" xhref="https://x.example/">
          """;

      assertThat(LinkExtractor.inHtml(html)).isEmpty();
    }

    @Test
    void elementsStartingWithA_areNotAnchors() {
      String html =
          "<abbr href=\"https://abbr.example/\">x</abbr><address href=\"https://addr.example/\">"
              + "<a-b href=\"https://custom.example/\"><article href='https://art.example/'>";

      assertThat(LinkExtractor.inHtml(html)).isEmpty();
    }

    @Test
    void endTagAttributes_areNotLinks() {
      String html = "</a href=\"https://a.example/\"></ a href=\"https://b.example/\">";

      assertThat(LinkExtractor.inHtml(html)).isEmpty();
    }

    @Test
    void declarationsAndProcessingInstructions_areSkipped() {
      String html =
          "<?xml version=\"1.0\"?><!DOCTYPE html><a href=\"https://a.example/\">x</a>< a href=y>";

      assertThat(urls(LinkExtractor.inHtml(html))).containsExactly("https://a.example/");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "<",
          "<a",
          "<a ",
          "<a href",
          "<a href=",
          "<a href=\"https://a.example/",
          "<a href='https://a.example/x'",
          "<a href=https://a.example/x",
          "<a href=\"https://a.example/x\"",
          "<!--",
          "<!-- <a href=\"https://a.example/\">",
          "<![CDATA[",
          "<script><a href=\"https://a.example/\">",
          "<title>",
          "</",
          "<!",
          "<?",
          "&#",
          "<a href=\"&#99999999999999999999;\">",
          "<a href=\"&#x;\">",
          "<a href=\"&\">"
        })
    void malformedOrTruncatedInput_findsNothingWithoutThrowing(String html) {
      assertThatNoException().isThrownBy(() -> LinkExtractor.inHtml(html));
      assertThat(LinkExtractor.inHtml(html)).isEmpty();
    }

    @Test
    void emptyHtml_hasNoLinks() {
      assertThat(LinkExtractor.inHtml("")).isEmpty();
    }
  }
}
