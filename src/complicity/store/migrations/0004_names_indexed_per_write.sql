-- The trigram index of names (names_fts) is filled once per write, with every name the write
-- added (Store._index_names_after): a trigger that indexed them one insert at a time took more
-- than half of a first load of the OFAC SDN list (some 2.5 s of 4.6 s; in one statement, 0.2 s).
-- Deleting a name still takes it out of the index through names_ad.
DROP TRIGGER names_ai;
