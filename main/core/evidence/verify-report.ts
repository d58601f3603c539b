// Plain-French integrity report for `sceau verify` and the UI, from the results the engine
// gathers: journal chain walk (seal/verify.ts), vault re-hash, timestamp token checks.

export interface JournalCheck {
  ok: boolean;
  /** Entries walked. */
  entries: number;
  /** French message from the journal verifier. */
  message: string;
  /** First broken entry, when not ok. */
  seq?: number;
}

export interface VaultCheck {
  checked: number;
  /** Document names (or ids) whose vault copy no longer matches its fingerprint. */
  altered: string[];
  /** Document names (or ids) whose vault copy is missing. */
  missing: string[];
  /** Copies purged on purpose after acceptance and retention: not a fault. */
  purged?: number;
}

export interface TokenCheck {
  coversSeq: number;
  ok: boolean;
  genTime?: string;
  tsaName?: string;
  /** French reason when not ok (from TimestampError). */
  message?: string;
}

export interface IntegrityInput {
  journal: JournalCheck;
  vault?: VaultCheck | null;
  tokens: TokenCheck[];
  /** Head of the journal, to tell how much is not yet covered by a token. */
  headSeq?: number;
  /** Stamps waiting for the TSA (offline). */
  pendingStamps?: number;
  checkedAt?: string;
}

export type IntegrityLevel = 'ok' | 'warning' | 'error';

export interface IntegrityReport {
  level: IntegrityLevel;
  ok: boolean;
  title: string;
  lines: Array<{ level: IntegrityLevel; text: string }>;
  /** The whole report as plain text (CLI output, copy to clipboard). */
  text: string;
}

const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'medium', timeZone: 'Europe/Paris' });
const when = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE.format(d);
};
const plural = (n: number, one: string, many: string): string => `${n} ${n > 1 ? many : one}`;

function list(names: string[]): string {
  const shown = names
    .slice(0, 5)
    .map((n) => `« ${n} »`)
    .join(', ');
  return names.length > 5 ? `${shown} et ${names.length - 5} autre(s)` : shown;
}

export function formatIntegrityReport(input: IntegrityInput): IntegrityReport {
  const lines: IntegrityReport['lines'] = [];
  const push = (level: IntegrityLevel, text: string): void => {
    lines.push({ level, text });
  };

  // Journal
  if (input.journal.ok)
    push(
      'ok',
      `Journal : ${plural(input.journal.entries, 'entrée vérifiée', 'entrées vérifiées')}, la chaîne est intacte.`,
    );
  else push('error', `Journal : ${input.journal.message}`);

  // Vault
  const v = input.vault;
  if (v) {
    if (v.altered.length > 0)
      push('error', `Coffre : ${plural(v.altered.length, 'copie modifiée', 'copies modifiées')} — ${list(v.altered)}.`);
    if (v.missing.length > 0)
      push(
        'error',
        `Coffre : ${plural(v.missing.length, 'copie introuvable', 'copies introuvables')} — ${list(v.missing)}.`,
      );
    if (v.altered.length === 0 && v.missing.length === 0) {
      push(
        'ok',
        `Coffre : ${plural(v.checked, 'copie scellée conforme', 'copies scellées conformes')} à leur empreinte.`,
      );
    }
    if (v.purged)
      push(
        'ok',
        `Coffre : ${plural(v.purged, 'copie supprimée', 'copies supprimées')} volontairement après acceptation par l’archive.`,
      );
  }

  // Timestamps
  const bad = input.tokens.filter((t) => !t.ok);
  const good = input.tokens.filter((t) => t.ok).sort((a, b) => b.coversSeq - a.coversSeq);
  for (const t of bad)
    push('error', `Horodatage de l’entrée n° ${t.coversSeq} : ${t.message ?? 'jeton invalide'}.`.replace(/\.\.$/, '.'));
  const latest = good[0];
  if (latest) {
    const by = latest.tsaName ? ` par ${latest.tsaName}` : '';
    const at = latest.genTime ? ` le ${when(latest.genTime)}` : '';
    push(
      'ok',
      `Horodatage : ${plural(good.length, 'jeton valide', 'jetons valides')} ; le journal est horodaté jusqu’à l’entrée n° ${latest.coversSeq}${at}${by}.`,
    );
  } else if (bad.length === 0) {
    push('warning', 'Horodatage : aucun jeton d’horodatage n’a encore été obtenu.');
  }
  const covered = latest?.coversSeq ?? 0;
  if (input.headSeq !== undefined && input.headSeq > covered) {
    const waiting = input.pendingStamps
      ? ` (${plural(input.pendingStamps, 'demande en attente', 'demandes en attente')} du serveur d’horodatage)`
      : '';
    push(
      'warning',
      `Horodatage : ${plural(input.headSeq - covered, 'entrée récente n’est', 'entrées récentes ne sont')} pas encore couverte${input.headSeq - covered > 1 ? 's' : ''} par un jeton${waiting}.`,
    );
  }

  const level: IntegrityLevel = lines.some((l) => l.level === 'error')
    ? 'error'
    : lines.some((l) => l.level === 'warning')
      ? 'warning'
      : 'ok';
  const title =
    level === 'error'
      ? 'Intégrité compromise : des éléments ne correspondent plus à ce qui a été scellé.'
      : level === 'warning'
        ? 'Intégrité vérifiée, avec des points d’attention.'
        : 'Intégrité vérifiée : tout est conforme.';
  const mark: Record<IntegrityLevel, string> = { ok: '[OK]', warning: '[ATTENTION]', error: '[ÉCHEC]' };
  const header = input.checkedAt ? `${title}\nVérification du ${when(input.checkedAt)}.` : title;
  return {
    level,
    ok: level !== 'error',
    title,
    lines,
    text: [header, '', ...lines.map((l) => `${mark[l.level]} ${l.text}`)].join('\n'),
  };
}
