// « Exporter la liste (CSV) »: the current list of Versements, whole filter, as the
// « bordereau de versement » a secretary files in her registre. Made for a French spreadsheet:
// UTF-8 with a BOM (else accents break), « ; » between cells, RFC 4180 quoting, CRLF lines.
// A cell a spreadsheet would run as a formula (= + - @ tab CR LF first) is prefixed with « ' »
// (OWASP CSV injection): objets and file names come from outside.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ClassificationEntry } from '../../contract/acts/classification';
import { classificationLabel } from '../../contract/acts/classification';
import { STATE_NAMES } from '../../contract/messages';
import type { FileRole } from '../../contract/types';
import { natureInfo } from '../acts/natures';
import { EXPORT_BATCH, type DocumentExportReader, type ExportRow } from '../store/document-export';
import type { DocumentFilter } from '../store/document-search';
import type { DocumentSort } from '../store/documents';

export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';
const EOL = '\r\n';

/** First characters a spreadsheet reads as the start of a formula (or hides one behind). */
const FORMULA_START = /^[=+\-@\t\r\n]/;
/** A cell holding one of these is quoted (RFC 4180 § 2.6). */
const NEEDS_QUOTES = /[";\r\n]/;

/** One cell: formula-safe, then quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map(csvCell).join(CSV_SEPARATOR) + EOL;
}

const ROLE_NAMES: Record<FileRole, string> = { act: 'Acte', annex: 'Annexe', signature: 'Fichier de signature' };

const DAY_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** « 12/03/2024 » from « 2024-03-12 » (as written: no time zone shift). */
function actDate(iso: string | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? '');
}

function dayTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DAY_TIME.format(d).replace(',', '');
}

/** The columns, in French, each with how a row fills it. */
export const CSV_COLUMNS: ReadonlyArray<{
  title: string;
  cell: (r: ExportRow, labelOf: (r: ExportRow, code: string) => string) => string | number;
}> = [
  { title: 'Commune', cell: (r) => r.profileName },
  { title: 'Nature', cell: (r) => (r.metadata.nature ? natureInfo(r.metadata.nature).label : '') },
  { title: 'Numéro', cell: (r) => r.metadata.number ?? '' },
  { title: 'Date de l’acte', cell: (r) => actDate(r.metadata.date) },
  { title: 'Objet', cell: (r) => r.metadata.objet ?? '' },
  { title: 'Classification', cell: (r) => r.metadata.classification ?? '' },
  {
    title: 'Libellé de la classification',
    cell: (r, labelOf) => (r.metadata.classification ? labelOf(r, r.metadata.classification) : ''),
  },
  { title: 'Rôle', cell: (r) => ROLE_NAMES[r.role] },
  { title: 'Numéro de l’acte principal', cell: (r) => (r.role === 'act' ? '' : (r.parentNumber ?? '')) },
  { title: 'Fichier', cell: (r) => r.fileName },
  { title: 'Taille (octets)', cell: (r) => r.size },
  { title: 'État', cell: (r) => STATE_NAMES[r.state] },
  { title: 'Cote attribuée par l’archive', cell: (r) => r.archiveReference ?? '' },
  { title: 'Identifiant du message', cell: (r) => r.messageIdentifier ?? '' },
  { title: 'Réponse de l’archive le', cell: (r) => dayTime(r.repliedAt) },
  { title: 'Déposé dans Sceau le', cell: (r) => dayTime(r.createdAt) },
  { title: 'Algorithme de l’empreinte', cell: (r) => r.fingerprintAlg.toUpperCase() },
  { title: 'Empreinte', cell: (r) => r.fingerprintHex },
];

export interface ListCsvOptions {
  reader: Pick<DocumentExportReader, 'ids' | 'rows'>;
  filter: DocumentFilter;
  sort: DocumentSort;
  /** The commune's own classification (its prefecture's list), when it has one. */
  classificationOf: (profileId: string) => readonly ClassificationEntry[] | null;
  /** Where the file goes (written beside as « .part », renamed once complete). */
  out: string;
}

/**
 * Writes the CSV of every document the filter matches; resolves with the number of rows.
 * Rows are read and written by batches, waiting for the file between them, so 100,000 rows
 * take the memory of one batch and the engine answers other calls meanwhile.
 */
export async function writeDocumentListCsv(o: ListCsvOptions): Promise<number> {
  const ids = o.reader.ids(o.filter, o.sort);
  const lists = new Map<string, readonly ClassificationEntry[] | null>();
  const labelOf = (r: ExportRow, code: string): string => {
    if (!lists.has(r.profileId)) lists.set(r.profileId, o.classificationOf(r.profileId));
    return classificationLabel(code, lists.get(r.profileId) ?? undefined) ?? '';
  };
  const part = `${o.out}.part`;
  const file = createWriteStream(part, { flags: 'wx' });
  const failed = once(file, 'error').then(([e]) => {
    throw e;
  });
  failed.catch(() => undefined);
  let written = 0;
  try {
    const write = async (text: string) => {
      if (!file.write(text)) await Promise.race([once(file, 'drain'), failed]);
    };
    await write(CSV_BOM + csvLine(CSV_COLUMNS.map((c) => c.title)));
    for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
      const rows = o.reader.rows(ids.slice(i, i + EXPORT_BATCH));
      let text = '';
      for (const r of rows) text += csvLine(CSV_COLUMNS.map((c) => c.cell(r, labelOf)));
      written += rows.length;
      await write(text);
      // Let the engine's other work run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    file.end();
    await Promise.race([once(file, 'finish'), failed]);
    await rename(part, o.out);
  } catch (e) {
    file.destroy();
    await rm(part, { force: true });
    throw e;
  }
  return written;
}
