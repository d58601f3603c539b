// `sceau metadata`: completes the act information Sceau could not read in a file name, without
// the desktop app (headless servers: a watched folder whose names lack the classification).
import { STATE_NAMES } from '../../contract/messages';
import { printable } from '../output';
import { Command, Option } from 'commander';
import type { DocumentDetail } from '../../contract/api';
import { NATURE_CODES, type ActMetadata, type NatureCode } from '../../contract/types';
import type { CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';

type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;

/** The five fields an act needs before it can be deposited, with their French names. */
export const ACT_FIELDS: ReadonlyArray<[keyof ActMetadata, string]> = [
  ['nature', 'la nature'],
  ['number', 'le numéro'],
  ['date', 'la date'],
  ['objet', 'l’objet'],
  ['classification', 'la classification'],
];

export interface MetadataOptions {
  nature?: NatureCode;
  number?: string;
  date?: string;
  objet?: string;
  classification?: string;
}

/** Adds --nature … --classification to a command (metadata, deposit); `note` ends each help line. */
export function addMetadataOptions(cmd: Command, note = ''): Command {
  return cmd
    .addOption(new Option('--nature <code>', `nature de l’acte${note}`).choices([...NATURE_CODES]))
    .option('--number <numéro>', `numéro de l’acte, ex. 2025_001${note}`)
    .option('--date <AAAA-MM-JJ>', `date de l’acte${note}`)
    .option('--objet <texte>', `objet de l’acte${note}`)
    .option('--classification <code>', `classification, ex. 7.1 (nomenclature @CTES)${note}`);
}

export function givenMetadata(opts: MetadataOptions): ActMetadata {
  const out: ActMetadata = {};
  for (const [field] of ACT_FIELDS) {
    const v = opts[field];
    if (typeof v === 'string' && v.trim() !== '') (out as Record<string, string>)[field] = v.trim();
  }
  return out;
}

export function missingFields(metadata: ActMetadata): string[] {
  return ACT_FIELDS.filter(([f]) => (metadata[f] ?? '').toString().trim() === '').map(([, label]) => label);
}

/** A document id, or a file name / relative path that designates exactly one document. */
export async function findDocument(ctx: CliContext, ref: string): Promise<DocumentDetail> {
  try {
    return await ctx.call('getDocument', { id: ref });
  } catch (error) {
    if (!(error instanceof CliError) || !/introuvable/i.test(error.message)) throw error;
  }
  const matches: DocumentDetail['id'][] = [];
  for (let offset = 0; ;) {
    const page = await ctx.call('listDocuments', { text: ref, offset, limit: 1000, sort: 'newest' });
    for (const d of page.rows) if (d.fileName === ref || d.relativePath === ref) matches.push(d.id);
    offset += page.rows.length;
    if (page.rows.length === 0 || offset >= page.total) break;
  }
  if (matches.length === 0)
    throw new CliError(
      `Document introuvable : « ${ref} » (identifiant, nom de fichier ou chemin relatif ; voir sceau status).`,
      EXIT.usage,
    );
  if (matches.length > 1) {
    throw new CliError(
      `« ${ref} » désigne ${matches.length} documents : précisez l’identifiant (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}).`,
      EXIT.usage,
    );
  }
  return ctx.call('getDocument', { id: matches[0] ?? ref });
}

/**
 * Merges the given fields over what is known (the engine replaces the metadata as a whole),
 * refuses an act that would still lack a field, and saves. Returns the updated document.
 */
export async function completeMetadata(
  ctx: CliContext,
  doc: DocumentDetail,
  given: ActMetadata,
  parentId?: string,
): Promise<DocumentDetail> {
  const merged: ActMetadata = { ...doc.metadata, ...given };
  const role = parentId ? 'annex' : doc.role;
  if (role === 'act') {
    const missing = missingFields(merged);
    if (missing.length > 0) {
      const flags = ACT_FIELDS.filter(([f]) => (merged[f] ?? '') === '').map(([f]) => `--${f}`);
      throw new CliError(
        `« ${printable(doc.fileName)} » : il manque encore ${missing.join(', ')} (${flags.join(' ')}).`,
        EXIT.usage,
      );
    }
  }
  return ctx.call('updateMetadata', { id: doc.id, metadata: merged, ...(parentId !== undefined ? { parentId } : {}) });
}

export function metadataCommand(withContext: WithContext, setResult: (code: number) => void): Command {
  const cmd = new Command('metadata')
    .description('compléter les informations d’un acte (nature, numéro, date, objet, classification)')
    .argument('<document>', 'identifiant du document (voir sceau status), ou son nom de fichier');
  addMetadataOptions(cmd);
  cmd
    .option('--act <idActe>', 'rattacher ce document, comme annexe, à l’acte indiqué')
    .action(async (ref: string, opts: MetadataOptions & { act?: string }) => {
      setResult(
        await withContext(async (ctx) => {
          const doc = await findDocument(ctx, ref);
          const given = givenMetadata(opts);
          if (Object.keys(given).length === 0 && opts.act === undefined) {
            // Nothing to change: show what is known and what is missing.
            printDocument(ctx, doc);
            return EXIT.ok;
          }
          const parentId = opts.act !== undefined ? (await findDocument(ctx, opts.act)).id : undefined;
          const updated = await completeMetadata(ctx, doc, given, parentId);
          printDocument(ctx, updated);
          if (updated.validation.length > 0 || updated.state === 'needs_metadata') return EXIT.usage;
          return EXIT.ok;
        }),
      );
    });
  return cmd;
}

function printDocument(ctx: CliContext, d: DocumentDetail): void {
  const missing = d.role === 'act' ? missingFields(d.metadata) : [];
  if (ctx.out.json) {
    ctx.out.data({
      id: d.id,
      fileName: d.fileName,
      role: d.role,
      parentId: d.parentId,
      state: d.state,
      reason: d.reason,
      metadata: d.metadata,
      missing,
      validation: d.validation,
    });
    return;
  }
  ctx.out.line(`${printable(d.fileName)} (${d.id}) : ${STATE_NAMES[d.state]}${d.reason ? ` — ${d.reason}` : ''}`);
  for (const [f, label] of ACT_FIELDS) {
    const v = d.metadata[f];
    if (v !== undefined && v !== '') ctx.out.line(`  ${label.replace(/^(la |le |l')/, '')} : ${v}`);
  }
  if (missing.length > 0) ctx.out.line(`  À compléter : ${missing.join(', ')}.`);
  for (const v of d.validation) ctx.out.line(`  ${v.message}`);
  if (d.state === 'ready') ctx.out.line(`  Prêt à verser : sceau watch le versera, ou : sceau deposit ${d.id}`);
}
