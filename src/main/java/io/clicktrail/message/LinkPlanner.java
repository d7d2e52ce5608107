package io.clicktrail.message;

import io.clicktrail.catalog.Template;
import io.clicktrail.http.ApiException;
import io.clicktrail.track.Links;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Numbers a message's links (text URLs, then html hrefs, then cta urls, from 0), decides which are
 * tracked, and rewrites the bodies with the tracked URLs once tokens exist.
 */
final class LinkPlanner {
  static final String BODY = "body";
  static final String CTA = "cta";

  /** More links than this in one message is a mistake, not a campaign. */
  static final int MAX_LINKS = 250;

  private final String publicUrl;

  LinkPlanner(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  /** The links to store, and where they were found. */
  record Plan(
      List<Links.NewLink> links,
      List<FoundLink> textLinks,
      List<FoundLink> htmlLinks,
      boolean wantsPixel) {}

  Plan plan(MessageValidation.Draft draft) {
    Message m = draft.message();
    List<FoundLink> text = draft.text() == null ? List.of() : LinkExtractor.inText(draft.text());
    List<FoundLink> html = draft.html() == null ? List.of() : LinkExtractor.inHtml(draft.html());
    boolean ctaOptedOut = draft.template().map(Template::trackingOptedOut).orElse(false);
    List<Links.NewLink> links = new ArrayList<>();
    for (FoundLink f : text) {
      links.add(new Links.NewLink(links.size(), BODY, f.url(), m.trackLinks()));
    }
    for (FoundLink f : html) {
      links.add(new Links.NewLink(links.size(), BODY, f.url(), m.trackLinks()));
    }
    for (String url : draft.ctaUrls()) {
      links.add(new Links.NewLink(links.size(), CTA, url, m.trackLinks() && !ctaOptedOut));
    }
    if (links.size() > MAX_LINKS) {
      throw ApiException.invalid(
          "message has "
              + links.size()
              + " links; at most "
              + MAX_LINKS
              + " are tracked per message");
    }
    boolean pixel = m.trackOpens() && m.channel().equals("email") && draft.html() != null;
    return new Plan(List.copyOf(links), text, html, pixel);
  }

  Registered rewrite(
      MessageValidation.Draft draft,
      Plan plan,
      List<Links.Issued> issued,
      @Nullable String pixelToken) {
    List<Registered.LinkView> views = new ArrayList<>(issued.size());
    List<String> tracked = new ArrayList<>(issued.size());
    for (Links.Issued i : issued) {
      String url = i.token() == null ? i.link().url() : publicUrl + "/c/" + i.token();
      tracked.add(url);
      views.add(
          new Registered.LinkView(
              Integer.toString(i.link().index()),
              i.link().component(),
              i.link().url(),
              url,
              i.token()));
    }
    int nText = plan.textLinks().size();
    int nHtml = plan.htmlLinks().size();
    String text = draft.text();
    if (text != null && draft.message().trackLinks()) {
      text = LinkRewriter.inText(text, plan.textLinks(), tracked.subList(0, nText));
    }
    String html = draft.html();
    if (html != null && draft.message().trackLinks()) {
      html = LinkRewriter.inHtml(html, plan.htmlLinks(), tracked.subList(nText, nText + nHtml));
    }
    if (html != null && pixelToken != null) {
      html = withPixel(html, publicUrl + "/o/" + pixelToken);
    }
    List<String> cta = List.copyOf(tracked.subList(nText + nHtml, tracked.size()));
    return new Registered(draft.message().id(), List.copyOf(views), text, html, cta);
  }

  /** {@code html} with a 1×1 pixel before its last {@code </body>}, or at its end. */
  static String withPixel(String html, String src) {
    String img =
        "<img src=\"" + src + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">";
    for (int i = html.length() - 6; i >= 0; i--) {
      if (html.regionMatches(true, i, "</body", 0, 6)) {
        return html.substring(0, i) + img + html.substring(i);
      }
    }
    return html + img;
  }
}
