-- The first schema. One file per version; the store applies those above PRAGMA user_version.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    country TEXT,
    attrs TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    text TEXT NOT NULL,
    norm TEXT NOT NULL,          -- simplified, case-folded: what search matches on
    lang TEXT,
    kind TEXT NOT NULL,
    script TEXT NOT NULL,
    UNIQUE (entity_id, text, kind)
);
CREATE INDEX names_entity ON names(entity_id);
CREATE INDEX names_norm ON names(norm);

-- Trigram tokens match any substring of 3+ characters, which is what Chinese names need
-- (no spaces to split on): '立昂技' finds 新疆立昂技术股份有限公司.
CREATE VIRTUAL TABLE names_fts USING fts5(norm, content='names', content_rowid='id', tokenize='trigram');
CREATE TRIGGER names_ai AFTER INSERT ON names BEGIN
    INSERT INTO names_fts(rowid, norm) VALUES (new.id, new.norm);
END;
CREATE TRIGGER names_ad AFTER DELETE ON names BEGIN
    INSERT INTO names_fts(names_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
END;

CREATE TABLE identifiers (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    scheme TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (entity_id, scheme, value)
);
CREATE INDEX identifiers_value ON identifiers(scheme, value);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    url TEXT,
    published TEXT,
    retrieved TEXT,
    language TEXT,
    kind TEXT NOT NULL,
    text TEXT
);

CREATE TABLE relations (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES entities(id),
    target_id TEXT NOT NULL REFERENCES entities(id),
    asset_id TEXT REFERENCES entities(id),
    attrs TEXT NOT NULL DEFAULT '{}',
    start_date TEXT,
    end_date TEXT
);
CREATE INDEX relations_source ON relations(source_id);
CREATE INDEX relations_target ON relations(target_id);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,    -- hash of all fields: re-imports add nothing
    relation_id TEXT NOT NULL REFERENCES relations(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    quote TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    extractor TEXT NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX evidence_relation ON evidence(relation_id);

CREATE TABLE judgements (
    id INTEGER PRIMARY KEY,
    left_id TEXT NOT NULL,
    right_id TEXT NOT NULL,
    same INTEGER NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (left_id, right_id, who, at)
);

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    at TEXT NOT NULL,
    counts TEXT NOT NULL
);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('generation', '0');
