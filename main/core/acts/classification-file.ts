// The prefecture's classification for one collectivité: the @CTES « retour de
// classification » (message 7-2) that the télétransmission platform hands out, usually
// ISO-8859-1. Read with the safe XML parser; only matières (up to five levels) are kept.
import { parseXml, XmlParseError, type XmlElement } from '../seda/xml';
import type { ClassificationEntry } from './classification';

export const CLASSIFICATION_FILE_MAX_BYTES = 2 * 1024 * 1024;
const MAX_ENTRIES = 5000;

export interface ClassificationList {
  /** DateClassification of the file (AAAA-MM-JJ), when given. */
  date: string | null;
  entries: ClassificationEntry[];
}

export class ClassificationFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClassificationFileError';
  }
}

/** Text of an XML file, in the encoding its declaration names (UTF-8 when it names none). */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/i.exec(head)?.[1]?.toLowerCase();
  // ISO-8859-15 differs from -1 (œ, €): each single-byte label is decoded as itself.
  const singleByte = declared && /^(iso-8859-1|iso-8859-15|latin1|windows-1252|cp1252)$/.test(declared);
  try {
    if (singleByte) return new TextDecoder(declared).decode(bytes);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ClassificationFileError(
      'Le fichier n’est pas du texte UTF-8 valide et ne déclare pas d’autre encodage : est-ce bien le fichier de classification de la préfecture ?',
    );
  }
}

function attr(el: XmlElement, name: string): string | undefined {
  for (const [k, v] of Object.entries(el.attributes)) if (k === name || k.endsWith(`:${name}`)) return v.trim();
  return undefined;
}

export function parseClassificationFile(bytes: Uint8Array): ClassificationList {
  if (bytes.length === 0) throw new ClassificationFileError('Le fichier de classification est vide.');
  if (bytes.length > CLASSIFICATION_FILE_MAX_BYTES)
    throw new ClassificationFileError('Le fichier de classification est trop volumineux (2 Mo au plus).');
  let root: XmlElement;
  try {
    root = parseXml(decodeXmlBytes(bytes));
  } catch (e) {
    if (e instanceof XmlParseError)
      throw new ClassificationFileError(`Le fichier de classification est illisible : ${e.message}`);
    throw e;
  }
  if (root.name !== 'RetourClassification')
    throw new ClassificationFileError(
      `Ce fichier n’est pas une classification de la préfecture (« retour de classification » @CTES) : il commence par « ${root.name} ».`,
    );
  const dateText = root.children.find((c) => c.name === 'DateClassification')?.text.trim() ?? '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(dateText) ? dateText : null;
  const matieres = root.children.find((c) => c.name === 'Matieres');
  const entries: ClassificationEntry[] = [];
  const seen = new Set<string>();
  const walk = (el: XmlElement, level: number, prefix: string): void => {
    for (const c of el.children) {
      if (c.name !== `Matiere${level}`) continue;
      const code = attr(c, 'CodeMatiere') ?? '';
      const label = (attr(c, 'Libelle') ?? '').replace(/\s+/g, ' ').trim();
      // Matières 1–9, then sub-levels 1–99: what CLASSIFICATION_PATTERN accepts in the form.
      if (!(level === 1 ? /^[1-9]$/ : /^[1-9][0-9]?$/).test(code) || !label) {
        throw new ClassificationFileError(
          `Matière mal formée dans le fichier de classification (niveau ${level}, code « ${code} », libellé « ${label} »).`,
        );
      }
      const full = prefix ? `${prefix}.${code}` : code;
      if (!seen.has(full)) {
        seen.add(full);
        entries.push({ code: full, label: label.slice(0, 300) });
        if (entries.length > MAX_ENTRIES)
          throw new ClassificationFileError(`Le fichier de classification compte plus de ${MAX_ENTRIES} matières.`);
      }
      if (level < 5) walk(c, level + 1, full);
    }
  };
  if (matieres) walk(matieres, 1, '');
  if (entries.length === 0)
    throw new ClassificationFileError('Le fichier de classification ne contient aucune matière.');
  return { date, entries };
}
