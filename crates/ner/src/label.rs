//! Entity labels and the BIO tags a sequence tagger predicts over them.

use std::fmt;
use std::str::FromStr;

/// The entity types marsad tags, those of ANERcorp (whose `PERS` is
/// [`Label::Per`] here).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Per,
    Org,
    Loc,
    Misc,
}

impl Label {
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    pub const fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Label {
    type Err = String;

    /// Accepts marsad's names and ANERcorp's `PERS`.
    fn from_str(s: &str) -> Result<Label, String> {
        match s {
            "PER" | "PERS" => Ok(Label::Per),
            "ORG" => Ok(Label::Org),
            "LOC" => Ok(Label::Loc),
            "MISC" => Ok(Label::Misc),
            _ => Err(format!("unknown entity label {s:?} (expected PER, PERS, ORG, LOC or MISC)")),
        }
    }
}

/// A BIO tag, packed in a byte: 0 is `O`, then `B-X`, `I-X` for each label
/// in [`Label::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(u8);

impl Tag {
    /// How many tags there are.
    pub const COUNT: usize = 1 + 2 * Label::ALL.len();
    pub const O: Tag = Tag(0);

    pub const fn begin(label: Label) -> Tag {
        Tag(1 + 2 * label as u8)
    }

    pub const fn inside(label: Label) -> Tag {
        Tag(2 + 2 * label as u8)
    }

    /// The tag with index `i`, if `i < COUNT`.
    pub const fn from_index(i: usize) -> Option<Tag> {
        if i < Tag::COUNT {
            Some(Tag(i as u8))
        } else {
            None
        }
    }

    #[inline]
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    pub fn label(self) -> Option<Label> {
        if self.0 == 0 {
            None
        } else {
            Some(Label::ALL[(self.0 as usize - 1) / 2])
        }
    }

    #[inline]
    pub const fn is_begin(self) -> bool {
        self.0 % 2 == 1
    }

    #[inline]
    pub const fn is_inside(self) -> bool {
        self.0 != 0 && self.0 % 2 == 0
    }

    /// Whether `next` may follow `self` in a well-formed BIO sequence: `I-X`
    /// only continues `B-X` or `I-X`.
    #[inline]
    pub fn may_precede(self, next: Tag) -> bool {
        !next.is_inside() || (self.0 != 0 && self.label() == next.label())
    }

    /// Whether a sentence may start with `self`.
    #[inline]
    pub const fn may_start(self) -> bool {
        !self.is_inside()
    }

    /// Every tag, in index order.
    pub fn all() -> impl Iterator<Item = Tag> {
        (0..Tag::COUNT as u8).map(Tag)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.label() {
            None => f.write_str("O"),
            Some(l) if self.is_begin() => write!(f, "B-{l}"),
            Some(l) => write!(f, "I-{l}"),
        }
    }
}

impl FromStr for Tag {
    type Err = String;

    /// Parses `O`, `B-X`, `I-X` (X as in [`Label::from_str`]).
    fn from_str(s: &str) -> Result<Tag, String> {
        if s == "O" {
            return Ok(Tag::O);
        }
        match s.split_once('-') {
            Some(("B", l)) => Ok(Tag::begin(l.parse()?)),
            Some(("I", l)) => Ok(Tag::inside(l.parse()?)),
            _ => Err(format!("bad BIO tag {s:?} (expected O, B-X or I-X)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        let table = [
            ("O", "O"),
            ("B-PERS", "B-PER"),
            ("I-PERS", "I-PER"),
            ("B-PER", "B-PER"),
            ("B-ORG", "B-ORG"),
            ("I-LOC", "I-LOC"),
            ("B-MISC", "B-MISC"),
        ];
        for (input, shown) in table {
            let t: Tag = input.parse().unwrap();
            assert_eq!(t.to_string(), shown);
            assert_eq!(Tag::from_index(t.index()), Some(t));
        }
        for bad in ["", "B", "X-PER", "B-DATE", "b-per"] {
            assert!(bad.parse::<Tag>().is_err(), "{bad:?} should not parse");
        }
        assert_eq!(Tag::all().count(), Tag::COUNT);
    }

    #[test]
    fn bio_transitions() {
        let b_per = Tag::begin(Label::Per);
        let i_per = Tag::inside(Label::Per);
        let i_loc = Tag::inside(Label::Loc);
        assert!(b_per.may_precede(i_per));
        assert!(i_per.may_precede(i_per));
        assert!(!b_per.may_precede(i_loc));
        assert!(!Tag::O.may_precede(i_per));
        assert!(i_per.may_precede(Tag::O));
        assert!(!i_per.may_start());
        assert!(b_per.may_start());
    }
}
