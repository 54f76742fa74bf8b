//! The store's SQL schema and its migrations.
//!
//! `PRAGMA user_version` holds the schema version. Each migration moves the
//! schema one version up inside one transaction; opening a store runs the
//! ones it lacks, and refuses a store from a newer marsad rather than
//! guessing at tables it does not know.

use crate::error::{ErrorKind, Result};
use rusqlite::Connection;

/// Migrations, in order: `MIGRATIONS[i]` takes the schema from version `i`
/// to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE outlets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        host TEXT
    );
    -- One row per stored document (every version of every page).
    -- seq is the insertion order: the search index records how far it got
    -- in it, which is how it catches up after an interrupted ingest.
    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        locator TEXT NOT NULL,
        version INTEGER NOT NULL,
        latest INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        url TEXT,
        outlet INTEGER REFERENCES outlets(id),
        headline TEXT,
        byline TEXT,
        published TEXT,
        published_ts INTEGER,
        text TEXT NOT NULL,
        format TEXT,
        path TEXT,
        record INTEGER,
        extra TEXT NOT NULL,
        signature BLOB NOT NULL,
        run INTEGER NOT NULL,
        UNIQUE (locator, version)
    );
    CREATE INDEX documents_content ON documents(content_hash);
    CREATE INDEX documents_published ON documents(published_ts);
    -- Each time an input record was read and stored (or found already
    -- stored). key = hash(raw bytes, url, path, record).
    CREATE TABLE sightings (
        key INTEGER PRIMARY KEY,
        raw_id TEXT NOT NULL,
        doc INTEGER NOT NULL REFERENCES documents(seq),
        path TEXT,
        record INTEGER,
        url TEXT,
        run INTEGER NOT NULL
    );
    CREATE INDEX sightings_doc ON sightings(doc);
    CREATE INDEX sightings_raw ON sightings(raw_id);
    CREATE TABLE paragraphs (
        doc INTEGER NOT NULL REFERENCES documents(seq),
        ord INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (doc, ord)
    ) WITHOUT ROWID;
    CREATE TABLE credits (
        doc INTEGER NOT NULL REFERENCES documents(seq),
        ord INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (doc, ord)
    ) WITHOUT ROWID;
    -- Entities: the canonical id when the tagger gives one, else label and
    -- normalized surface.
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        name TEXT NOT NULL
    );
    -- Search-normalized, clitic-free forms under which an entity was
    -- mentioned: the query side looks words up here.
    CREATE TABLE aliases (
        form TEXT NOT NULL,
        entity INTEGER NOT NULL REFERENCES entities(id),
        PRIMARY KEY (form, entity)
    ) WITHOUT ROWID;
    CREATE TABLE mentions (
        doc INTEGER NOT NULL REFERENCES documents(seq),
        entity INTEGER NOT NULL REFERENCES entities(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX mentions_doc ON mentions(doc);
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(seq),
        ord INTEGER NOT NULL,
        kind TEXT NOT NULL,
        source TEXT,
        source_entity TEXT,
        cue TEXT NOT NULL,
        content TEXT NOT NULL,
        content_start INTEGER NOT NULL,
        content_end INTEGER NOT NULL,
        relay TEXT,
        vague INTEGER NOT NULL,
        hedged INTEGER NOT NULL,
        record INTEGER
    );
    CREATE INDEX claims_doc ON claims(doc);
    CREATE INDEX claims_record ON claims(record);
    CREATE TABLE quantities (
        doc INTEGER NOT NULL REFERENCES documents(seq),
        text TEXT NOT NULL,
        value REAL,
        value_max REAL,
        unit TEXT,
        kind TEXT NOT NULL,
        approx TEXT,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL
    );
    CREATE INDEX quantities_doc ON quantities(doc);
    CREATE TABLE flags (
        doc INTEGER NOT NULL REFERENCES documents(seq),
        kind TEXT NOT NULL,
        message_ar TEXT NOT NULL,
        message_en TEXT NOT NULL,
        spans TEXT NOT NULL
    );
    CREATE INDEX flags_doc ON flags(doc);
    CREATE TABLE wording (
        doc INTEGER NOT NULL REFERENCES documents(seq),
        text TEXT NOT NULL,
        category TEXT NOT NULL,
        entity TEXT,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL
    );
    CREATE INDEX wording_doc ON wording(doc);
    -- Corpus-level results, recomputed after each ingest.
    CREATE TABLE dup_groups (
        id INTEGER PRIMARY KEY,
        representative INTEGER NOT NULL REFERENCES documents(seq)
    );
    CREATE TABLE dup_members (
        doc INTEGER PRIMARY KEY REFERENCES documents(seq),
        grp INTEGER NOT NULL REFERENCES dup_groups(id),
        similarity REAL NOT NULL,
        exact INTEGER NOT NULL
    );
    CREATE INDEX dup_members_grp ON dup_members(grp);
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        keywords TEXT NOT NULL,
        first_doc INTEGER NOT NULL REFERENCES documents(seq),
        last_doc INTEGER NOT NULL REFERENCES documents(seq),
        first_ts INTEGER,
        last_ts INTEGER,
        outlets INTEGER NOT NULL,
        size INTEGER NOT NULL
    );
    CREATE TABLE story_members (
        doc INTEGER PRIMARY KEY REFERENCES documents(seq),
        story INTEGER NOT NULL REFERENCES stories(id),
        score REAL NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story);
    CREATE TABLE claim_records (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        source_entity TEXT,
        content TEXT NOT NULL,
        first_claim INTEGER NOT NULL REFERENCES claims(id),
        carriers INTEGER NOT NULL,
        outlets INTEGER NOT NULL
    );
    -- One row per ingest run, and the inputs it rejected.
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started INTEGER NOT NULL,
        finished INTEGER,
        inputs TEXT NOT NULL
    );
    CREATE TABLE rejects (
        run INTEGER NOT NULL REFERENCES runs(id),
        input TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema of `conn` up to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(ErrorKind::SchemaTooNew { found, known: SCHEMA_VERSION }.into());
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_newer_stores() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        migrate(&mut c).unwrap();
        let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        let err = migrate(&mut c).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::SchemaTooNew { .. }), "{err}");
    }
}
