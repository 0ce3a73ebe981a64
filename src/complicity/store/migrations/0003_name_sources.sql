-- Which documents give each name of an entity (a list file, a filing, an article): the evidence
-- for an alias. Keyed by the name's text, as names are per entity.
CREATE TABLE name_sources (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    text TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (entity_id, text, document_id)
);
