//! Page furniture marked in the source page before trafilatura reads it.
//!
//! trafilatura decides which part of a page is the article; it still lets
//! through blocks that the page's own structure says are not: newsletter
//! boxes, "related" and "latest" teaser lists, tag and category lines, share
//! buttons. Removing those blocks before extraction would change the page
//! trafilatura scores, and on some pages that tips it into a worse
//! candidate (a fallback extractor keeping a whole sidebar). So they are
//! only *marked*: each text node inside such a block is wrapped in
//! [`MARK_OPEN`] and [`MARK_CLOSE`]. The extraction runs on the page as it
//! was, give or take two characters per text node, and the renderer then
//! leaves out the marked runs that the chosen content kept.
//!
//! The signals are structural (HTML names and link density), except for
//! section headings, whose wording comes from the lexicon's `tail`
//! patterns ("Related articles", "Vous aimerez aussi"...):
//!
//! - [`mark_named_blocks`]: a block whose `class` or `id` names furniture
//!   (`newsletter`, `related`, `share`, `promo`, `tags`...);
//! - [`mark_related_sections`]: a heading that opens a related-links or
//!   comments section, with everything after it in its parent;
//! - [`mark_link_lists`]: a paragraph, list or small block made of links
//!   (at least three, 80% of its text);
//! - [`mark_share_links`]: share buttons (links to a network's share URL);
//! - [`mark_tag_links`]: lines of tag and category links (`rel="tag"`),
//!   with their label ("Tags:").
//!
//! None of them may take the article: a block holding a third of the
//! page's paragraph text is never marked, and a section heading only counts
//! once some article text has come before it. Such a block is also kept
//! from a name-based rule of trafilatura's precision mode
//! ([`protect_article`]).
//!
//! Text inside an element naming an author (`byline`, `rel="author"`...)
//! is never marked: trafilatura reads the author's name there for the
//! metadata, and cleans it with patterns (a leading "By") that marks
//! would defeat.

use std::collections::HashMap;

use filrouge_lexicon::{Folded, Lexicon};
use trafilatura::dom::{Document, NodeId};

/// Opens a run of furniture text. A Unicode noncharacter: reserved for a
/// program's internal use, never meant to appear in a page (a page that
/// holds one loses it before extraction).
pub(crate) const MARK_OPEN: char = '\u{FDD0}';
/// Closes a run of furniture text.
pub(crate) const MARK_CLOSE: char = '\u{FDD1}';

/// Marks the furniture of `doc` (a whole page).
pub(crate) fn mark_furniture(doc: &mut Document) {
    let root = doc.body().unwrap_or_else(|| doc.root());
    let sizes = Sizes::measure(doc, root);
    let total = sizes.get(root).paragraph;
    protect_article(doc, root, &sizes, total);
    mark_share_links(doc, root);
    mark_tag_links(doc, root);
    mark_named_blocks(doc, root, &sizes, total);
    mark_related_sections(doc, root, &sizes, total);
    mark_link_lists(doc, root, &sizes);
}

/// What an element holds, in visible characters (see [`chars`]).
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    /// All its text.
    text: usize,
    /// Its text inside links.
    linked: usize,
    /// Its links.
    links: usize,
    /// Its text inside `<p>` elements.
    paragraph: usize,
}

/// The [`Size`] of every element of a page, measured once, bottom up (the
/// rules ask about nested blocks; measuring each one's text would read
/// the page once per level of nesting). Marks do not count, so the sizes
/// stay true while the page is marked.
struct Sizes(HashMap<NodeId, Size>);

impl Sizes {
    fn measure(doc: &Document, root: NodeId) -> Self {
        let all = doc.iter(root, &[]);
        let mut sizes: HashMap<NodeId, Size> = HashMap::with_capacity(all.len());
        // In reverse document order every element comes after its descendants.
        for &el in all.iter().rev() {
            let mut size = Size {
                text: chars(&doc.text(el)),
                ..Size::default()
            };
            for child in doc.children(el) {
                let c = sizes.get(&child).copied().unwrap_or_default();
                size.text += c.text + chars(&doc.tail(child));
                size.linked += c.linked;
                size.links += c.links;
                size.paragraph += c.paragraph;
            }
            match doc.tag_name(el) {
                "a" => {
                    size.links += 1;
                    size.linked = size.text;
                }
                "p" => size.paragraph = size.text,
                _ => {}
            }
            sizes.insert(el, size);
        }
        Sizes(sizes)
    }

    fn get(&self, id: NodeId) -> Size {
        self.0.get(&id).copied().unwrap_or_default()
    }
}

/// Wraps every non-blank text node under `id` (but not `id`'s own tail) in
/// marks. White space stays outside the marks, so blank text stays blank.
fn mark(doc: &mut Document, id: NodeId) {
    let wrap = |t: &str| -> Option<String> {
        let core = t.trim();
        if core.is_empty() || core.starts_with(MARK_OPEN) {
            return None;
        }
        let start = t.len() - t.trim_start().len();
        let end = start + core.len();
        Some(format!(
            "{}{MARK_OPEN}{core}{MARK_CLOSE}{}",
            &t[..start],
            &t[end..]
        ))
    };
    // Elements that name an author, and everything inside them: marks in
    // them would reach the metadata (trafilatura reads the author there and
    // cleans it with patterns, such as a leading "By", that marks defeat).
    let mut authored: Vec<NodeId> = Vec::new();
    for (i, el) in doc.iter(id, &[]).into_iter().enumerate() {
        let in_author =
            doc.parent(el).is_some_and(|p| authored.contains(&p)) || names_author(doc, el);
        if in_author {
            authored.push(el);
        } else if let Some(t) = wrap(&doc.text(el)) {
            doc.set_text(el, &t);
        }
        if i > 0 && !doc.parent(el).is_some_and(|p| authored.contains(&p)) {
            if let Some(t) = wrap(&doc.tail(el)) {
                doc.set_tail(el, &t);
            }
        }
    }
}

/// An element that holds an author's name: `rel="author"`,
/// `itemprop="author"`, or a class or id with `author` or `byline`.
/// trafilatura reads these for the metadata and leaves them out of the
/// content itself.
fn names_author(doc: &Document, el: NodeId) -> bool {
    let attr = |name: &str| doc.get_attribute(el, name).unwrap_or_default();
    let names = format!("{} {}", doc.class_name(el), doc.id_attr(el)).to_lowercase();
    names.contains("author")
        || names.contains("byline")
        || attr("rel").eq_ignore_ascii_case("author")
        || attr("itemprop").eq_ignore_ascii_case("author")
}

/// Visible characters: white space and marks do not count.
fn chars(s: &str) -> usize {
    s.chars()
        .filter(|&c| !c.is_whitespace() && c != MARK_OPEN && c != MARK_CLOSE)
        .count()
}

/// Where a network takes a page to share it. Lower case; a link whose
/// `href` contains one of these is a share button.
const SHARE_URLS: &[&str] = &[
    "facebook.com/sharer",
    "facebook.com/share.php",
    "facebook.com/dialog/share",
    "twitter.com/intent/",
    "twitter.com/share",
    "x.com/intent/",
    "pinterest.com/pin/create",
    "linkedin.com/sharearticle",
    "linkedin.com/cws/share",
    "reddit.com/submit",
    "api.whatsapp.com/send",
    "whatsapp://send",
    "t.me/share",
    "telegram.me/share",
    "vk.com/share",
    "tumblr.com/share",
    "getpocket.com/save",
    "mailto:?",
];

/// Longest label (visible characters) of a share button. A longer link to a
/// share URL is a quotation offered for sharing ("click to tweet"), which
/// is article text.
const SHARE_LABEL_MAX: usize = 30;

fn mark_share_links(doc: &mut Document, root: NodeId) {
    for a in doc.iter(root, &["a"]) {
        let Some(href) = doc.get_attribute(a, "href") else {
            continue;
        };
        let href = href.to_ascii_lowercase();
        if SHARE_URLS.iter().any(|u| href.contains(u))
            && chars(&doc.text_content(a)) <= SHARE_LABEL_MAX
        {
            mark(doc, a);
        }
    }
}

/// Letters and digits: what a label is measured in.
fn alnum(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Longest label (letters and digits) beside tag links that goes with
/// them ("Tags", "Filed under").
const TAG_LABEL_MAX: usize = 20;

/// Elements made of the links a page declares as tags or categories
/// (`rel="tag"`, the HTML link type for a tag of the current document, and
/// WordPress's `rel="category tag"`), give or take a short label. A tag
/// link inside a sentence (some sites link keywords in the text) leaves
/// the sentence alone.
fn mark_tag_links(doc: &mut Document, root: NodeId) {
    // Each parent of tag links, with the letters its tag links hold.
    let mut parents: Vec<(NodeId, usize)> = Vec::new();
    for a in doc.iter(root, &["a"]) {
        let rel = doc.get_attribute(a, "rel").unwrap_or_default();
        let is_tag = rel
            .split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("tag") || t.eq_ignore_ascii_case("category"));
        let Some(p) = doc.parent(a).filter(|_| is_tag) else {
            continue;
        };
        let n = alnum(&doc.text_content(a));
        match parents.iter_mut().find(|(q, _)| *q == p) {
            Some((_, linked)) => *linked += n,
            None => parents.push((p, n)),
        }
    }
    for (p, linked) in parents {
        if doc.is_element(p)
            && !matches!(doc.tag_name(p), "body" | "html")
            && alnum(&doc.text_content(p)).saturating_sub(linked) <= TAG_LABEL_MAX
        {
            mark(doc, p);
        }
    }
}

/// Words of a `class` or `id` value, lower-cased: split at anything not a
/// letter or digit and where lower case turns to upper case
/// (`Newsletter-container`, `latestNewsBox`).
fn name_words(value: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase();
            cur.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words.into_iter()
}

/// `class` and `id` words that name a block of page furniture. These are
/// the web's own conventions (theme and CMS class names), not a language's
/// words, so they live here rather than in the lexicon.
const FURNITURE_WORDS: &[&str] = &[
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "gdpr",
    "latest",
    "modal",
    "mostread",
    "newsletter",
    "newsletters",
    "outbrain",
    "pagination",
    "popular",
    "popup",
    "promo",
    "promotion",
    "readmore",
    "recommendations",
    "recommended",
    "related",
    "share",
    "sharebar",
    "sharing",
    "signup",
    "social",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "trending",
];

/// Furniture names also found glued inside longer names
/// (`relatedpoststitle`, `sidebarnewsletter`).
const FURNITURE_PARTS: &[&str] = &["newsletter", "related", "outbrain", "taboola"];

/// Elements that can hold a block of furniture.
const BLOCK_TAGS: &[&str] = &[
    "aside", "div", "figure", "footer", "form", "header", "li", "nav", "ol", "p", "section",
    "span", "ul",
];

fn has_furniture_name(doc: &Document, id: NodeId) -> bool {
    let class = doc.class_name(id);
    let ident = doc.id_attr(id);
    if class.is_empty() && ident.is_empty() {
        return false;
    }
    let lower = format!("{class} {ident}").to_lowercase();
    FURNITURE_PARTS.iter().any(|p| lower.contains(p))
        || name_words(&class)
            .chain(name_words(&ident))
            .any(|w| FURNITURE_WORDS.contains(&w.as_str()))
}

/// True when `id` holds a third or more of the page's paragraph text: the
/// article itself, or a wrapper around it, whatever its name says.
fn holds_article(sizes: &Sizes, id: NodeId, total: usize) -> bool {
    total > 0 && sizes.get(id).paragraph * 3 >= total
}

fn mark_named_blocks(doc: &mut Document, root: NodeId, sizes: &Sizes, total: usize) {
    for id in doc.iter(root, BLOCK_TAGS) {
        if has_furniture_name(doc, id) && !holds_article(sizes, id, total) {
            mark(doc, id);
        }
    }
}

/// Paragraph text that must come before a section heading (in document
/// order) for the heading to close the article: a heading above the
/// article text opens no end-of-article section.
const SECTION_MIN_TEXT_BEFORE: usize = 300;

/// Whether a heading opens a related-links or comments section: its class
/// or id says `related`, or its text is one of the lexicon's `tail`
/// patterns (headings that open an end-of-page region).
fn opens_section(doc: &Document, h: NodeId, lexicon: &Lexicon) -> bool {
    let named = format!("{} {}", doc.class_name(h), doc.id_attr(h))
        .to_lowercase()
        .contains("related");
    if named {
        return true;
    }
    let text = doc.text_content(h);
    let text: String = text
        .chars()
        .filter(|&c| c != MARK_OPEN && c != MARK_CLOSE)
        .collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // A heading is short; a long line that starts like one is text.
    if text.is_empty() || text.chars().count() > 60 {
        return false;
    }
    lexicon
        .boilerplate()
        .tail_match(Folded::new(&text).folded())
        .is_some()
}

fn mark_related_sections(doc: &mut Document, root: NodeId, sizes: &Sizes, total: usize) {
    let lexicon = Lexicon::bundled();
    // Paragraph text seen so far, in document order.
    let mut before = 0usize;
    let min_before = SECTION_MIN_TEXT_BEFORE.min(total / 4);
    for id in doc.iter(root, &["p", "h2", "h3", "h4", "h5", "h6"]) {
        if doc.tag_name(id) == "p" {
            before += sizes.get(id).text;
            continue;
        }
        if before < min_before.max(1) || !opens_section(doc, id, lexicon) {
            continue;
        }
        let mut next = doc.next_element_sibling(id);
        mark(doc, id);
        while let Some(s) = next {
            next = doc.next_element_sibling(s);
            mark(doc, s);
        }
    }
}

/// The elements trafilatura's precision mode drops by name.
const PRECISION_DROPPED_TAGS: &[&str] = &[
    "dd", "div", "dl", "dt", "li", "ol", "p", "section", "span", "ul",
];

/// Keeps the article out of a rule of trafilatura's precision mode that
/// drops, without checking what it holds, any block whose class or id
/// contains `link` or `bottom` or whose style mentions a `border`: an
/// article body styled `article-body--links` went whole, and the page fell
/// back to a jusText extraction that loses every paragraph with a link.
/// Only blocks holding a third of the page's paragraph text are renamed
/// (`link` to `lnk`, `bottom` to `bttm`, `border` to `brdr`); the other
/// words of their names, which trafilatura also reads, stay.
fn protect_article(doc: &mut Document, root: NodeId, sizes: &Sizes, total: usize) {
    let named = |v: &str| v.contains("link") || v.contains("bottom");
    let rename = |v: &str| v.replace("link", "lnk").replace("bottom", "bttm");
    for id in doc.iter(root, PRECISION_DROPPED_TAGS) {
        let class = doc.class_name(id);
        let ident = doc.id_attr(id);
        let style = doc.get_attribute(id, "style").unwrap_or_default();
        let bordered = style.contains("border");
        if !(named(&class) || named(&ident) || bordered) || !holds_article(sizes, id, total) {
            continue;
        }
        if named(&class) {
            doc.set_attribute(id, "class", &rename(&class));
        }
        if named(&ident) {
            doc.set_attribute(id, "id", &rename(&ident));
        }
        if bordered {
            doc.set_attribute(id, "style", &style.replace("border", "brdr"));
        }
    }
}

/// Fewest links in a link list.
const LINK_LIST_MIN_LINKS: usize = 3;
/// Longest link list (visible characters): beyond it a block holds more
/// than a list of links.
const LINK_LIST_MAX_CHARS: usize = 1000;

fn mark_link_lists(doc: &mut Document, root: NodeId, sizes: &Sizes) {
    for id in doc.iter(root, &["p", "ul", "ol", "li", "dd", "div"]) {
        let size = sizes.get(id);
        if size.links < LINK_LIST_MIN_LINKS || size.text == 0 || size.text > LINK_LIST_MAX_CHARS {
            continue;
        }
        // Four fifths of the text in links: a list of destinations.
        if size.linked * 5 >= size.text * 4 {
            mark(doc, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::render::extracted_text;

    /// The page's text after marking, marked runs left out.
    fn kept(html: &str) -> String {
        let mut doc = Document::parse(html);
        mark_furniture(&mut doc);
        let body = doc.body().unwrap_or_else(|| doc.root());
        extracted_text(&doc.inner_html(body), true)
    }

    const STORY: &str = "<p>The council voted on Tuesday to close the old bridge to lorries \
        after engineers found cracks in two of its piers during a routine inspection.</p>\
        <p>Repairs are expected to take most of the winter, the mayor told reporters, and a \
        temporary crossing will open downstream next month for local traffic.</p>";

    #[test]
    fn named_blocks_are_marked() {
        let page = format!(
            "<html><body><article>{STORY}\
             <div class=\"Newsletter-box\"><p>Get our morning briefing in your inbox.</p></div>\
             <aside id=\"latestNews\"><p>Another story entirely</p></aside>\
             </article></body></html>"
        );
        let t = kept(&page);
        assert!(t.contains("old bridge"), "{t}");
        assert!(!t.contains("briefing"), "{t}");
        assert!(!t.contains("Another story"), "{t}");
    }

    #[test]
    fn a_furniture_name_on_the_article_wrapper_is_ignored() {
        let page =
            format!("<html><body><div class=\"post has-related\">{STORY}</div></body></html>");
        assert!(kept(&page).contains("old bridge"));
    }

    #[test]
    fn related_section_after_the_story_is_marked() {
        let page = format!(
            "<html><body><div>{STORY}<h3>Related articles</h3>\
             <p>Ferry fares to rise in spring</p><p>Harbour wall gets new lights</p></div>\
             </body></html>"
        );
        let t = kept(&page);
        assert!(t.contains("temporary crossing"), "{t}");
        assert!(!t.contains("Ferry fares"), "{t}");
        assert!(!t.contains("Related articles"), "{t}");
    }

    #[test]
    fn a_section_heading_above_the_story_marks_nothing() {
        let page = format!("<html><body><div><h2>Comments</h2>{STORY}</div></body></html>");
        assert!(kept(&page).contains("old bridge"));
    }

    #[test]
    fn a_related_heading_by_class_is_marked_in_any_language() {
        let page = format!(
            "<html><body><div>{STORY}<h3 class=\"relatedpoststitle\">Pode gostar</h3>\
             <article><p>Um texto de outra página</p></article></div></body></html>"
        );
        let t = kept(&page);
        assert!(!t.contains("outra"), "{t}");
        assert!(t.contains("old bridge"), "{t}");
    }

    #[test]
    fn link_lists_are_marked_but_linked_prose_is_not() {
        let page = format!(
            "<html><body>{STORY}<p><a href=\"/a\">roads</a>, <a href=\"/b\">bridges</a>, \
             <a href=\"/c\">council</a></p>\
             <p>Engineers from <a href=\"/x\">the county</a> and <a href=\"/y\">the rail \
             company</a> will inspect <a href=\"/z\">the other crossings</a> in the spring, \
             starting with the oldest ones near the harbour.</p></body></html>"
        );
        let t = kept(&page);
        assert!(!t.contains("bridges"), "{t}");
        assert!(t.contains("oldest ones near the harbour"), "{t}");
    }

    #[test]
    fn share_buttons_are_marked_but_shareable_quotes_are_not() {
        let page = format!(
            "<html><body>{STORY}<div><a href=\"https://www.facebook.com/sharer/sharer.php?u=x\">\
             Facebook</a></div><blockquote><a href=\"https://twitter.com/intent/tweet?text=q\">\
             A bridge is only as strong as its weakest pier, the engineer said.</a></blockquote>\
             </body></html>"
        );
        let t = kept(&page);
        assert!(!t.contains("Facebook"), "{t}");
        assert!(t.contains("weakest pier"), "{t}");
    }

    #[test]
    fn the_article_block_loses_names_precision_mode_drops() {
        let page = format!(
            "<html><body><div id=\"bottom-story\" class=\"story story--links\" \
             style=\"border-top:1px\">{STORY}</div><div class=\"footer-links\">\
             <p>About us</p></div></body></html>"
        );
        let mut doc = Document::parse(&page);
        mark_furniture(&mut doc);
        let body = doc.body().unwrap_or_else(|| doc.root());
        let divs = doc.iter(body, &["div"]);
        assert_eq!(doc.class_name(divs[0]), "story story--lnks");
        assert_eq!(doc.id_attr(divs[0]), "bttm-story");
        assert_eq!(
            doc.get_attribute(divs[0], "style").as_deref(),
            Some("brdr-top:1px")
        );
        // Not the article: left for trafilatura to drop.
        assert_eq!(doc.class_name(divs[1]), "footer-links");
    }

    #[test]
    fn tag_links_and_their_label_are_marked() {
        let page = format!(
            "<html><body><div>{STORY}<p>Tags: <a rel=\"tag\" href=\"/t/bridge\">bridge</a>, \
             <a rel=\"category tag\" href=\"/t/roads\">roads</a></p>\
             <p>Filed by the <a rel=\"tag\" href=\"/t/desk\">city desk</a> on a wet \
             afternoon, with help from readers who sent photographs.</p></div></body></html>"
        );
        let t = kept(&page);
        assert!(!t.contains("Tags"), "{t}");
        assert!(!t.contains("roads"), "{t}");
        // A tag link inside a sentence stays.
        assert!(
            t.contains("Filed by the city desk on a wet afternoon"),
            "{t}"
        );
    }

    #[test]
    fn name_words_split_case_and_punctuation() {
        let w: Vec<String> = name_words("latestNewsBox Newsletter-container share_bar").collect();
        assert_eq!(
            w,
            [
                "latest",
                "news",
                "box",
                "newsletter",
                "container",
                "share",
                "bar"
            ]
        );
    }
}
