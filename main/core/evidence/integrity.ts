// « Vérifier l’intégrité » (UI) and `sceau verify`: the journal walk, the vault re-hash, the
// tokens (each against its own TSA chain) and the checkpoints that cannot vanish silently.
// A checkpoint problem comes first: it names the entry a rechained journal hides.
import type { IntegrityReport } from '../../contract/api';
import { lastGoodSentence } from '../seal/journal-checkpoints';
import { verifyJournal } from '../seal/verify';
import type { EngineParts } from '../parts';
import { formatIntegrityReport } from './verify-report';

export type IntegrityParts = Pick<EngineParts, 'db' | 'vaultDir' | 'timestamps' | 'journal' | 'bus'>;

export async function verifyIntegrity(p: IntegrityParts): Promise<IntegrityReport> {
  const result = await verifyJournal(p.db, p.vaultDir);
  const stamps = p.timestamps;
  const checkpoints = stamps?.verifyCheckpoints() ?? null;
  const tokens = stamps?.verifyAll() ?? [];
  const status = stamps?.status() ?? null;
  const at = new Date().toISOString();
  const cpProblem = checkpoints && !checkpoints.ok ? checkpoints.problems[0]! : null;
  const journalOk = result.ok && !cpProblem;
  const journalMessage = cpProblem
    ? `${checkpoints!.problems.map((x) => x.message).join(' ')} ${lastGoodSentence(checkpoints!)}`
    : result.message;
  const formatted = formatIntegrityReport({
    journal: journalOk
      ? { ok: true, entries: result.entries, message: result.message }
      : {
          ok: false,
          entries: result.entries,
          message: journalMessage,
          seq: cpProblem ? cpProblem.seq : result.ok ? 0 : result.seq,
        },
    tokens,
    headSeq: p.journal.head()?.seq ?? 0,
    pendingStamps: stamps?.pendingCount() ?? 0,
    checkedAt: at,
  });
  const lines = [...formatted.lines];
  if (status && !status.configured) lines.push({ level: 'warning', text: status.message });
  if (checkpoints && checkpoints.ok && checkpoints.lastGood)
    lines.push({ level: 'ok', text: lastGoodSentence(checkpoints) });
  const report: IntegrityReport = {
    ok: journalOk && formatted.ok,
    checkedEntries: result.entries,
    checkedFiles: result.ok ? result.documents : 0,
    message: cpProblem ? journalMessage : result.ok ? formatted.title : result.message,
    lines,
    ...(cpProblem
      ? { firstBroken: { seq: cpProblem.seq, problem: 'checkpoint' } }
      : result.ok
        ? {}
        : { firstBroken: { seq: result.seq, problem: result.problem } }),
    ...(status && !status.configured && tokens.length === 0 ? { unstamped: true } : {}),
    at,
  };
  p.bus.emit({ type: 'journal.verified', ok: report.ok, message: report.message, at });
  return report;
}
