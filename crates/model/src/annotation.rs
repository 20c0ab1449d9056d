use serde::{Deserialize, Serialize};

use crate::{Span, TimeExpression};

/// A typed stand-off span over a document's cleaned text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Where it is in the cleaned text.
    pub span: Span,
    /// What it is.
    #[serde(flatten)]
    pub label: Label,
}

impl Annotation {
    /// An annotation of `label` over `span`.
    pub fn new(span: Span, label: Label) -> Self {
        Annotation { span, label }
    }

    /// The layer name used in storage and JSON (`"paragraph"`, `"sentence"`...).
    pub fn layer(&self) -> &'static str {
        self.label.layer()
    }
}

/// What an annotation says about its span. Later stages add variants; each
/// variant is one layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "layer", rename_all = "snake_case")]
pub enum Label {
    /// A paragraph (a block of the cleaned text between blank lines).
    Paragraph {
        /// Its role on the page.
        role: ParagraphRole,
        /// Detected language (ISO 639-1), when confident.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        lang: Option<String>,
    },
    /// A sentence.
    Sentence,
    /// A token.
    Token {
        /// Its broad class.
        class: TokenClass,
    },
    /// An editorial elision marker such as `[…]` or `<…>` inside a quote.
    Elision,
    /// A time expression with its resolved value.
    Time(TimeExpression),
    /// A named-entity mention.
    Entity {
        /// Its type.
        kind: EntityKind,
        /// For a role standing for a person named elsewhere in the article
        /// ("le porte-parole du Kremlin"), that person's name as written.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        refers_to: Option<String>,
    },
    /// A direct quote (the span is the quoted words, without the marks).
    Quote {
        /// Who said it, as the text names them (a pronoun is resolved to
        /// the last speaker).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        speaker: Option<String>,
        /// The reporting verb ("a déclaré", "said").
        #[serde(skip_serializing_if = "Option::is_none", default)]
        cue: Option<String>,
        /// Where it was posted ("Truth Social"), when the text says.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        channel: Option<String>,
        /// Who reports the speaker's words, when someone else does ("selon
        /// Ushakov, Trump a reconnu que « ... »").
        #[serde(skip_serializing_if = "Option::is_none", default)]
        reported_by: Option<String>,
        /// Indirect speech: the words are reported, not quoted ("X a déclaré
        /// que ...", "selon X, ...").
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        indirect: bool,
    },
}

impl Label {
    /// The layer name.
    pub fn layer(&self) -> &'static str {
        match self {
            Label::Paragraph { .. } => "paragraph",
            Label::Sentence => "sentence",
            Label::Token { .. } => "token",
            Label::Elision => "elision",
            Label::Time(_) => "time",
            Label::Entity { .. } => "entity",
            Label::Quote { .. } => "quote",
        }
    }
}

/// The role of a paragraph on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphRole {
    /// The article's title, as the first line of the text.
    Title,
    /// A section heading inside the article (short, no final punctuation).
    Heading,
    /// Body text.
    Body,
}

/// The broad class of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenClass {
    /// Letters (possibly with inner hyphens or apostrophes).
    Word,
    /// Digits, possibly with a decimal separator or thousands groups.
    Number,
    /// Punctuation.
    Punct,
    /// Anything else (symbols, emoji).
    Symbol,
}

/// The type of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    /// A person.
    Per,
    /// A place.
    Loc,
    /// An organisation.
    Org,
    /// Anything else with a name: an event ("Coupe du monde", "COP29"), a
    /// work ("le livre « ... »"), a product ("Airbus A320") or a law ("loi
    /// Veil"). Not part of the PER/LOC/ORG figures of `eval ner`.
    Misc,
}

impl EntityKind {
    /// "PER", "LOC", "ORG", "MISC".
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Loc => "LOC",
            EntityKind::Org => "ORG",
            EntityKind::Misc => "MISC",
        }
    }

    /// The kind of "PER", "LOC", "ORG" or "MISC".
    pub fn parse(s: &str) -> Option<EntityKind> {
        match s {
            "PER" => Some(EntityKind::Per),
            "LOC" => Some(EntityKind::Loc),
            "ORG" => Some(EntityKind::Org),
            "MISC" => Some(EntityKind::Misc),
            _ => None,
        }
    }
}
