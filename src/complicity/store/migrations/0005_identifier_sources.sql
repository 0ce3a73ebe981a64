-- Which documents give each identifier of an entity (a list file, a filing, a registry): a
-- screen that finds a holding by its ISIN says whose word that is, as for a name (name_sources).
CREATE TABLE identifier_sources (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    scheme TEXT NOT NULL,
    value TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (entity_id, scheme, value, document_id)
);
