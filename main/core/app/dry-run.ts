// « Tester le versement »: everything a deposit does up to the archive's verdict, without
// archiving anything. Vitam: the real SIP sent with X-Context-Id BLANK_TEST (« Test OK » /
// « Test KO »). as@lae, the demo archive and offline: the full pre-flight (XSD, digests and
// sizes re-read from the vault, rule codes) on a package built in a throw-away folder.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DryRunResult } from '../../contract/api';
import { metadataVerdict } from '../acts';
import { ArchiveError, type ArchiveConnector, type ReplyOutcome } from '../archive/connector';
import { vaultAbsolutePath } from '../seal/vault';
import { buildPackage, generateMessageIdentifier } from '../seda/package';
import { preflight } from '../seda/preflight';
import type { DocumentRecord, DocumentRepository } from '../store/documents';
import type { Profile, ProfileRepository } from '../store/profiles';
import type { DepositService } from './deposit';

export interface DryRunDeps {
  deposit: DepositService;
  documents: DocumentRepository;
  profiles: ProfileRepository;
  vaultDir: string;
  stagingDir: string;
  /** A Vitam connector sending BLANK_TEST for this profile (null: no endpoint). */
  dryRunConnector: (profile: Profile) => Promise<ArchiveConnector | null>;
  /** How long to wait for Vitam's verdict. Default 10 minutes. */
  replyTimeoutMs?: number;
  /** Polling interval. Default 2 s (a dry run is watched by someone waiting). */
  pollMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function testDeposit(d: DryRunDeps, ids: string[], signal?: AbortSignal): Promise<DryRunResult[]> {
  const acts = new Map<string, DocumentRecord>();
  const results: DryRunResult[] = [];
  for (const id of ids) {
    const doc = d.documents.get(id);
    const act = doc?.parentId ? d.documents.get(doc.parentId) : doc;
    if (!act)
      results.push({ documentId: id, fileName: '', ok: false, mode: 'preflight', messages: ['Document introuvable.'] });
    else acts.set(act.id, act);
  }
  for (const act of acts.values()) results.push(await testAct(d, act, signal));
  return results;
}

async function testAct(d: DryRunDeps, act: DocumentRecord, signal?: AbortSignal): Promise<DryRunResult> {
  const base = { documentId: act.id, fileName: act.fileName };
  const fail = (messages: string[], mode: DryRunResult['mode'] = 'preflight'): DryRunResult => ({
    ...base,
    ok: false,
    mode,
    messages,
  });
  const profile = d.profiles.get(act.profileId);
  if (!profile) return fail(['Le profil de cette commune est introuvable.']);
  const verdict = metadataVerdict(act.role, act.metadata);
  if (!verdict.complete) return fail([`« ${act.fileName} » : ${verdict.reason ?? 'informations à compléter.'}`]);
  const members = [act, ...d.documents.list({ parentId: act.id }, { limit: 1000 }).items];
  // A fresh identifier: the test never shares one with the real deposit that may follow.
  const messageIdentifier = `${generateMessageIdentifier(profile.siren || profile.id.slice(0, 8))}_TEST`;
  const input = await d.deposit.inputOf(profile, { kind: 'act', messageIdentifier, title: null }, members);
  const issues = await preflight(input, profile.sedaVersion, d.deposit.preflightLimits(profile));
  const errors = issues.filter((i) => i.level === 'error').map((i) => i.message);
  const warnings = issues.filter((i) => i.level === 'warning').map((i) => `Attention : ${i.message}`);
  if (errors.length) return fail([...errors, ...warnings]);
  const stagingDir = path.join(d.stagingDir, `dry-run-${randomUUID()}`);
  const target = profile.archiveKind === 'vitam' ? 'vitam' : 'asalae';
  try {
    const sources = new Map(members.map((m) => [m.id, vaultAbsolutePath(d.vaultDir, m.vaultPath)]));
    let prepared;
    try {
      // Re-reads every file from the vault: digests and sizes checked against the bordereau.
      prepared = await buildPackage(input, sources, { target, sedaVersion: profile.sedaVersion, stagingDir });
    } catch (e) {
      return fail([e instanceof Error ? e.message : String(e)]);
    }
    const checked = `Contrôles réussis : bordereau conforme au schéma SEDA ${profile.sedaVersion}, empreintes et tailles des ${members.length} fichier(s) vérifiées.`;
    if (profile.archiveKind !== 'vitam')
      return {
        ...base,
        ok: true,
        mode: 'preflight',
        messages: [
          checked,
          ...warnings,
          'Rien n’a été envoyé : as@lae ne propose pas de versement à blanc, seuls les contrôles de Sceau ont été faits.',
        ],
      };
    const connector = await d.dryRunConnector(profile);
    if (!connector) return fail([checked, 'Aucune adresse d’archive n’est configurée pour ce profil.']);
    let reply: ReplyOutcome = { state: 'pending' };
    try {
      const { operationId } = await connector.send(prepared, { ...(signal ? { signal } : {}) });
      const ref = {
        messageIdentifier,
        transferringAgency: prepared.transferringAgency,
        ...(operationId ? { operationId } : {}),
      };
      const end = Date.now() + (d.replyTimeoutMs ?? 10 * 60_000);
      while (reply.state === 'pending' && Date.now() < end && !signal?.aborted) {
        await sleep(d.pollMs ?? 2_000, signal);
        reply = await connector.reply(ref, signal);
      }
    } catch (e) {
      return fail(
        [checked, e instanceof ArchiveError || e instanceof Error ? e.message : String(e)],
        'vitam-blank-test',
      );
    }
    if (reply.state === 'pending')
      return fail(
        [checked, 'Vitam n’a pas encore rendu son verdict sur le test à blanc : réessayez plus tard.'],
        'vitam-blank-test',
      );
    return {
      ...base,
      ok: reply.dryRun === true && reply.state !== 'rejected',
      mode: 'vitam-blank-test',
      replyCode: reply.replyCode,
      messages: [checked, ...warnings, reply.comment],
    };
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}
