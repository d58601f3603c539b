// A secretary looks an act up by its number written any way (« 2024-045 », « 2024/045 »), its
// classification code (« 7.1 »), its date or nature: those keys join the trigram index. The
// number is indexed with one separator (« _ »), as file names are normalised; queries are
// normalised the same way (store/document-search.ts).
import type { Migration } from './migration';

export const migration008: Migration = {
  version: 8,
  name: 'search-keys',
  sql: `
ALTER TABLE documents ADD COLUMN search_keys TEXT GENERATED ALWAYS AS (
  trim(
    coalesce(replace(replace(replace(replace(replace(json_extract(metadata, '$.number'),
      '-', '_'), '/', '_'), '.', '_'), ' ', '_'), '\\', '_'), '') || ' ' ||
    coalesce(json_extract(metadata, '$.classification'), '') || ' ' ||
    coalesce(json_extract(metadata, '$.date'), '') || ' ' ||
    coalesce(json_extract(metadata, '$.nature'), '')
  )
) VIRTUAL;

DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_update;
DROP TRIGGER documents_fts_delete;
DROP TABLE documents_fts;

CREATE VIRTUAL TABLE documents_fts USING fts5(
  objet, file_name, keys, content='', contentless_delete=1, tokenize='trigram remove_diacritics 1'
);
INSERT INTO documents_fts(rowid, objet, file_name, keys)
  SELECT rowid, coalesce(objet, ''), file_name, search_keys FROM documents;

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, objet, file_name, keys)
    VALUES (new.rowid, coalesce(new.objet, ''), new.file_name, new.search_keys);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF metadata, file_name ON documents BEGIN
  DELETE FROM documents_fts WHERE rowid = old.rowid;
  INSERT INTO documents_fts(rowid, objet, file_name, keys)
    VALUES (new.rowid, coalesce(new.objet, ''), new.file_name, new.search_keys);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  DELETE FROM documents_fts WHERE rowid = old.rowid;
END;
`,
};
