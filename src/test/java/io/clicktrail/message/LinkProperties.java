package io.clicktrail.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

class LinkProperties {

  /** Bits of plain text chosen to hit schemes, terminators, trailing punctuation and brackets. */
  private static final List<String> TEXT_PIECES =
      List.of(
          "https://",
          "http://",
          "HTTPS://",
          "hTtP://",
          "a.example",
          "/p/1",
          "?q=1&r=2",
          "#f",
          ".",
          ",",
          ";",
          ":",
          "!",
          "?",
          "'",
          "(",
          ")",
          "[",
          "]",
          "{",
          "}",
          " ",
          "\n",
          "\t",
          "\u00a0",
          "\u3000",
          "<",
          ">",
          "\"",
          "例え",
          "🔥",
          "\ud83d",
          "see:",
          "x",
          "_(b)");

  /** Whole links in text, so that most samples have some. */
  private static final List<String> TEXT_LINKS =
      List.of("https://a.example/p/1?q=1#f", "http://b.example/wiki/X_(y)", "HTTPS://例え.jp/パス");

  /** Whole anchors, so that most samples have some links. */
  private static final List<String> HTML_LINKS =
      List.of(
          "<a href=\"https://w.example/1\">x</a>",
          "<a href='https://w.example/2'>",
          "<A HREF=https://w.example/3>",
          "<a class=b\nhref = \"http://w.example/4?x=1&amp;y=2\" >");

  /** Bits of html chosen to hit tags, attribute forms, skipped constructs and references. */
  private static final List<String> HTML_PIECES =
      List.of(
          "<a ",
          "<A ",
          "<a>",
          "</a>",
          "<abbr ",
          "<area ",
          "<link ",
          "href=",
          "HREF=",
          "href",
          "=",
          "\"",
          "'",
          " ",
          "\n",
          ">",
          "/>",
          "/",
          "https://a.example/x",
          "http://b.example/",
          "mailto:x@y.example",
          "#top",
          "&amp;",
          "&#58;",
          "&#x41;",
          "&lt;",
          "&",
          "<!--",
          "-->",
          "<!-->",
          "<script>",
          "</script>",
          "</SCRIPT >",
          "<style>",
          "</style>",
          "<title>",
          "</title>",
          "<textarea>",
          "</textarea>",
          "<![CDATA[",
          "]]>",
          "<!doctype html>",
          "<?x?>",
          "</",
          "<",
          "text",
          "🔥");

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.strings()), Tuple.of(4, concatenated(TEXT_PIECES, TEXT_LINKS)));
  }

  @Provide
  Arbitrary<String> htmls() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.strings()), Tuple.of(4, concatenated(HTML_PIECES, HTML_LINKS)));
  }

  /** Html whose link values mostly need no escaping, so that identity rewrites apply. */
  @Provide
  Arbitrary<String> plainHtmls() {
    return concatenated(
        HTML_PIECES.stream().filter(p -> p.indexOf('&') < 0).toList(),
        HTML_LINKS.stream().filter(p -> p.indexOf('&') < 0).toList());
  }

  @Provide
  Arbitrary<TextCase> textCases() {
    return texts()
        .flatMap(
            text ->
                tokens()
                    .map(token -> "https://t.example/c/" + token)
                    .list()
                    .ofSize(LinkExtractor.inText(text).size())
                    .map(replacements -> new TextCase(text, replacements)));
  }

  @Provide
  Arbitrary<TextCase> htmlCases() {
    return htmls()
        .flatMap(
            html ->
                Arbitraries.strings()
                    .withChars("abcXYZ019-._~/?#&%+;")
                    .ofMaxLength(24)
                    .map(path -> "https://t.example/c/" + path)
                    .list()
                    .ofSize(LinkExtractor.inHtml(html).size())
                    .map(replacements -> new TextCase(html, replacements)));
  }

  @Property
  void inText_anyString_spansAreInBoundsAscendingAndMatchUrls(@ForAll("texts") String text) {
    List<FoundLink> links = LinkExtractor.inText(text);

    assertWellFormed(text, links);
    for (FoundLink link : links) {
      assertThat(link.url()).isEqualTo(text.substring(link.start(), link.end()));
      assertThat(link.url().toLowerCase(Locale.ROOT)).startsWith("http");
    }
  }

  @Property
  void inHtml_anyString_spansAreInBoundsAndAscending(@ForAll("htmls") String html) {
    List<FoundLink> links = LinkExtractor.inHtml(html);

    assertWellFormed(html, links);
    for (FoundLink link : links) {
      assertThat(link.url().toLowerCase(Locale.ROOT)).startsWith("http");
    }
  }

  @Property
  void inText_ownSourceTextAsReplacement_returnsInputUnchanged(@ForAll("texts") String text) {
    List<FoundLink> links = LinkExtractor.inText(text);

    assertThat(LinkRewriter.inText(text, links, sources(text, links))).isEqualTo(text);
  }

  /**
   * Holds for values the rewriter writes back as they are: nothing to escape and, if unquoted,
   * nothing that would make it add quotes.
   */
  @Property
  void inHtml_ownSourceTextAsReplacement_returnsInputUnchanged(@ForAll("plainHtmls") String html) {
    List<FoundLink> links = LinkExtractor.inHtml(html);
    List<String> sources = sources(html, links);
    for (FoundLink link : links) {
      boolean quoted = "\"'".indexOf(html.charAt(link.start() - 1)) >= 0;
      String source = html.substring(link.start(), link.end());
      Assume.that(!source.matches(quoted ? "(?s).*[&\"'<>].*" : "(?s).*[&\"'<>=`].*"));
    }
    collectLinkCount("plain links", links);

    assertThat(LinkRewriter.inHtml(html, links, sources)).isEqualTo(html);
  }

  @Property
  void inHtml_ownUrlAsReplacement_keepsUrls(@ForAll("htmls") String html) {
    List<FoundLink> links = LinkExtractor.inHtml(html);
    List<String> urls = links.stream().map(FoundLink::url).toList();

    String rewritten = LinkRewriter.inHtml(html, links, urls);

    List<FoundLink> again = LinkExtractor.inHtml(rewritten);
    assertThat(again).extracting(FoundLink::url).containsExactlyElementsOf(urls);
  }

  @Property
  void inText_tokenReplacements_areReextractedExactlyAndSurroundingsKept(
      @ForAll("textCases") TextCase c) {
    List<FoundLink> links = LinkExtractor.inText(c.source());

    String rewritten = LinkRewriter.inText(c.source(), links, c.replacements());

    collectLinkCount("text links", links);
    List<FoundLink> again = LinkExtractor.inText(rewritten);
    assertThat(again).extracting(FoundLink::url).containsExactlyElementsOf(c.replacements());
    assertThat(gaps(rewritten, again)).containsExactlyElementsOf(gaps(c.source(), links));
  }

  @Property
  void inHtml_urlSafeReplacements_areReextractedExactlyAndSurroundingsKept(
      @ForAll("htmlCases") TextCase c) {
    List<FoundLink> links = LinkExtractor.inHtml(c.source());

    String rewritten = LinkRewriter.inHtml(c.source(), links, c.replacements());

    collectLinkCount("html links", links);
    List<FoundLink> again = LinkExtractor.inHtml(rewritten);
    assertThat(again).extracting(FoundLink::url).containsExactlyElementsOf(c.replacements());
    assertThat(gaps(rewritten, again)).containsExactlyElementsOf(gaps(c.source(), links));
  }

  record TextCase(String source, List<String> replacements) {}

  private static Arbitrary<String> tokens() {
    return Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1).ofMaxLength(22);
  }

  /** Up to 40 pieces, links and short arbitrary strings, joined. */
  private static Arbitrary<String> concatenated(List<String> pieces, List<String> links) {
    Arbitrary<String> piece =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of(pieces)),
            Tuple.of(2, Arbitraries.of(links)),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(4)));
    return piece.list().ofMaxSize(40).map(list -> String.join("", list));
  }

  /** Fails the property if fewer than about a third of the samples had a link to rewrite. */
  private static void collectLinkCount(String label, List<FoundLink> links) {
    Statistics.label(label).collect(Math.min(links.size(), 3));
    Statistics.label(label).coverage(c -> c.check(0).percentage(p -> p < 65.0));
  }

  private static void assertWellFormed(String source, List<FoundLink> links) {
    int previousEnd = 0;
    for (FoundLink link : links) {
      assertThat(link.start()).isGreaterThanOrEqualTo(previousEnd);
      assertThat(link.end()).isGreaterThan(link.start()).isLessThanOrEqualTo(source.length());
      previousEnd = link.end();
    }
  }

  private static List<String> sources(String source, List<FoundLink> links) {
    return links.stream().map(l -> source.substring(l.start(), l.end())).toList();
  }

  /** The text before, between and after the spans. */
  private static List<String> gaps(String source, List<FoundLink> links) {
    List<String> gaps = new ArrayList<>();
    int from = 0;
    for (FoundLink link : links) {
      gaps.add(source.substring(from, link.start()));
      from = link.end();
    }
    gaps.add(source.substring(from));
    return gaps;
  }
}
