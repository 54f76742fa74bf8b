//! The lists the gazetteer is built from: the project's own lists under
//! `data/` (compiled in; see `data/README.md` for where entries come from),
//! and, at training time, ANERGazet.

use crate::canonical::Canonicals;
use crate::error::{Error, Result};
use crate::gazetteer::{Class, Gazetteer};
use std::path::Path;

/// The project's lists, by gazetteer class.
const LISTS: &[(&str, Class)] = &[
    (include_str!("../data/cities.txt"), Class::Loc),
    (include_str!("../data/first_names.txt"), Class::Per),
    (include_str!("../data/misc.txt"), Class::Misc),
    (include_str!("../data/person_titles.txt"), Class::PerTitle),
    (include_str!("../data/org_heads.txt"), Class::OrgHead),
    (include_str!("../data/loc_heads.txt"), Class::LocHead),
    (include_str!("../data/organisations.txt"), Class::OrgList),
];

/// A gazetteer of the project's lists and the names of the canonical
/// entities (countries and capitals as places, their nisba adjectives,
/// groups, outlets and leaders under their types).
pub fn project_gazetteer() -> Gazetteer {
    let mut g = Gazetteer::new();
    for (text, class) in LISTS {
        g.add_list(text, *class);
    }
    let canon = Canonicals::get();
    for e in canon.entities() {
        let class = match e.label {
            crate::Label::Per => Class::Per,
            crate::Label::Org => Class::Org,
            crate::Label::Loc => Class::Loc,
            crate::Label::Misc => Class::Misc,
        };
        for name in &e.names {
            g.add(name, class);
        }
        for n in &e.nisbas {
            g.add(n, Class::Nisba);
            for f in nisba_inflections(n) {
                g.add(&f, Class::Nisba);
            }
        }
        if e.label == crate::Label::Loc {
            for name in &e.names {
                for f in crate::canonical::nisba_forms(name) {
                    g.add(&f, Class::Nisba);
                }
            }
        }
    }
    g
}

/// ANERGazet's three files in `dir`, added to `g`. Returns how many
/// entries were added. Missing files are an error: a model trained without
/// them would silently differ.
pub fn add_anergazet(g: &mut Gazetteer, dir: &Path) -> Result<usize> {
    let files = [
        ("ANERGazet_AlignedLocGazetteer.txt", Class::AnerLoc),
        ("ANERGazet_AlignedOrgGazetteer.txt", Class::AnerOrg),
        ("ANERGazet_AlignedPersGazetteer.txt", Class::AnerPer),
    ];
    let mut n = 0;
    for (name, class) in files {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(e, &path))?;
        n += g.add_list(&text, class);
    }
    Ok(n)
}

/// The inflections of a listed masculine nisba (`أمريكي` → `أمريكية`,
/// `أمريكيون`, `أمريكيين`).
fn nisba_inflections(masc: &str) -> Vec<String> {
    ["ة", "ون", "ين"].iter().map(|s| format!("{masc}{s}")).collect()
}
