//! Analysis of a clean page: entities, attributed claims, quantities and
//! their consistency flags, loaded wording. Every annotation carries a byte
//! span into [`Page::text`](crate::doc::Page::text).

pub mod claims;
pub mod entities;
pub mod evidence;
pub mod flags;
pub(crate) mod lexicon;
pub mod quantities;
#[cfg(test)]
mod table_rows;
pub mod wording;

use marsad_arabic::Span;
use serde::{Deserialize, Serialize};

/// A named entity found in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The words as they appear (without proclitics such as و ب ل).
    pub text: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: String,
    /// The canonical entity id this mention resolves to, when known.
    pub canonical: Option<String>,
    pub span: Span,
}

/// A piece of text with its span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub text: String,
    pub span: Span,
}

/// How a claim is attributed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// Quoted words.
    Direct,
    /// Reported speech: a cue and أن / إن / بأن, or a colon.
    Indirect,
    /// بحسب، وفقا لـ، نقلا عن …
    AccordingTo,
    /// Asserted by the article itself, with a hedge (يبدو أن …).
    Hedged,
}

/// An attributed claim: who is credited, the reporting cue, what is claimed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub kind: ClaimKind,
    /// Who is credited; `None` for the article's own hedged assertions.
    pub source: Option<Part>,
    pub cue: Part,
    pub content: Part,
    /// The canonical entity of the source, when the tagger knows it.
    pub source_entity: Option<String>,
    /// An outlet or agency that relayed the claim (نقلت وكالة X عن …).
    pub relay: Option<Part>,
    /// The source is unnamed or generic (مصادر، مصدر مطلع، وثائق).
    pub vague_source: bool,
    /// The assertion is hedged (يبدو أن، يعتقد أن، من المرجح).
    pub hedged: bool,
}

/// What a quantity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    Count,
    Money,
    Percent,
    Measure,
    Range,
    Year,
    Date,
    Ordinal,
    Duration,
}

/// A number found in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub text: String,
    /// The numeric value, or `None` when it cannot be read.
    pub value: Option<f64>,
    /// The counted noun or unit (عنصر، دولار، كم), when there is one.
    pub unit: Option<String>,
    pub kind: QuantityKind,
    /// نحو، قرابة، أكثر من … qualify the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approx: Option<String>,
    /// For ranges: the upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    pub span: Span,
}

/// A message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub ar: String,
    pub en: String,
}

/// A consistency problem with the article's numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// `inconsistent_count`, `malformed_number`, `shares_do_not_add_up`, …
    pub kind: String,
    pub message: Message,
    pub spans: Vec<Span>,
}

/// A loaded or evaluative word or phrase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wording {
    pub text: String,
    /// `pejorative_label`, `emotive`, `intensifier`, `naming_variant`, …
    pub category: String,
    pub span: Span,
    /// The canonical entity the wording names, when there is one.
    pub entity: Option<String>,
}
