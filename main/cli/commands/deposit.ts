import { STATE_NAMES } from '../../contract/messages';
import { existsSync, statSync } from 'node:fs';
import { printable } from '../output';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { DocumentState } from '../../contract/types';
import { PLAN_CHUNK } from '../../contract/channels/deposit';
import { documentOutcomes } from '../../core/store/document-briefs';
import type { CliContext } from '../context';
import { printEvent } from '../events';
import { CliError, EXIT } from '../exit-codes';
import { resolvePassword } from '../password';
import { providePassword, resolveProfile } from '../profiles';
import { onStopSignal } from '../signals';
import { addMetadataOptions, completeMetadata, givenMetadata, type MetadataOptions } from './metadata';

type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;

const UNSETTLED: ReadonlySet<DocumentState> = new Set(['detected', 'sealed']);
const NOT_DEPOSITABLE: ReadonlySet<DocumentState> = new Set(['duplicate', 'skipped_auto_archived', 'accepted']);
const SENT_OR_LATER: ReadonlySet<DocumentState> = new Set(['sent', 'acknowledged', 'accepted', 'rejected', 'failed']);
const FINAL: ReadonlySet<DocumentState> = new Set(['accepted', 'rejected', 'failed']);
/** Ids per « verser maintenant » call: the engine plans them by the same chunks (DepositService.plan). */
const DEPOSIT_CHUNK = PLAN_CHUNK;
/** Document ids are UUIDs; anything else that is not a path is a typo in a path. */
const DOCUMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface DepositOptions extends MetadataOptions {
  profile?: string;
  wait?: boolean;
  timeout?: string;
  passwordStdin?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

export function depositCommand(withContext: WithContext, setResult: (code: number) => void): Command {
  const cmd = new Command('deposit')
    .description(
      'sceller et verser des fichiers ou dossiers, ou des documents déjà scellés (sans --wait : rend la main une fois l’envoi fait)',
    )
    .argument('<chemins...>', 'fichiers, dossiers, ou identifiants de documents (voir sceau status)')
    .option('--profile <profil>', 'id, SIREN ou nom du profil')
    .option('--wait', 'attendre la réponse de l’archive (acceptée / rejetée / échec)')
    .option('--timeout <secondes>', 'abandonner l’attente après ce délai')
    .option('--password-stdin', 'lire le mot de passe de l’archive sur l’entrée standard')
    .option('--force', 'verser aussi les fichiers très volumineux ou creux (au-delà du réglage largeFileConfirmMb)')
    .option(
      '--dry-run',
      'tester le versement sans rien archiver (Vitam : versement à blanc ; as@lae : tous les contrôles, sans envoi)',
    );
  addMetadataOptions(cmd, ' — si le nom du fichier ne l’indique pas');
  return cmd.action(async (paths: string[], opts: DepositOptions) => {
    setResult(await withContext((ctx) => deposit(ctx, paths, opts)));
  });
}

/** « Tester le versement »: 0 when the archive (or Sceau's checks) would accept every act, 5 otherwise. */
async function printDryRun(ctx: CliContext, ids: string[]): Promise<number> {
  if (ids.length === 0) {
    ctx.out.line('Aucun document à tester.');
    return EXIT.usage;
  }
  const results = [];
  for (let i = 0; i < ids.length; i += 100)
    results.push(...(await ctx.call('testDeposit', { ids: ids.slice(i, i + 100) })));
  for (const r of results) {
    ctx.out.line(
      `${r.fileName || r.documentId} : ${r.ok ? 'test réussi' : 'test en échec'}${r.replyCode ? ` (${r.replyCode})` : ''}`,
    );
    for (const m of r.messages) ctx.out.line(`  ${m}`);
  }
  if (ctx.out.json) ctx.out.jsonLine({ type: 'deposit.dry-run', results });
  ctx.out.line('Test du versement : rien n’a été archivé.');
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.rejected;
}

async function deposit(ctx: CliContext, rawPaths: string[], opts: DepositOptions): Promise<number> {
  // Arguments that are not paths may be ids of documents already sealed (completed with
  // `sceau metadata`, or interrupted): they are deposited as they are.
  const paths = rawPaths.filter((p) => existsSync(p)).map((p) => resolve(p));
  const refs = rawPaths.filter((p) => !existsSync(p));
  const notIds = refs.filter((r) => !DOCUMENT_ID.test(r));
  if (notIds.length > 0) throw new CliError(`Introuvable : ${notIds.map((p) => resolve(p)).join(', ')}`, EXIT.usage);
  const given = givenMetadata(opts);
  const timeoutMs = opts.timeout !== undefined ? Number(opts.timeout) * 1000 : null;
  if (timeoutMs !== null && !(timeoutMs > 0))
    throw new CliError('--timeout : un nombre de secondes positif est attendu.', EXIT.usage);
  const password = await resolvePassword(opts);

  const engine = await ctx.engine({ demo: true });
  const stop = onStopSignal();
  // Only the documents of this command: `start()` also resumes the watched folders and the
  // transfers of earlier runs, whose events must neither be waited for nor deposited here.
  const wanted = new Set<string>();
  const states = new Map<string, DocumentState>();
  /** Latest state of every document of the run, wanted or not yet (intake answers after its events). */
  const seen = new Map<string, DocumentState>();
  let unreachable = false;
  let profileId = '';
  let wake: () => void = () => undefined;
  const unsubscribe = engine.bus.on((e) => {
    if (e.type === 'document.state') seen.set(e.documentId, e.to);
    if (e.type === 'document.state' && wanted.has(e.documentId)) {
      states.set(e.documentId, e.to);
      wake();
    } else if (e.type === 'connectivity' && e.profileId === profileId) {
      unreachable = !e.reachable;
      wake(); // without --wait, an unreachable archive ends the wait at once
    }
    printEvent(ctx.out, e);
  });
  const deadline = timeoutMs !== null ? Date.now() + timeoutMs : null;

  /** Waits until `done()` holds; false on signal or timeout. */
  const waitFor = async (done: () => boolean): Promise<boolean> => {
    while (!done()) {
      if (stop.received) return false;
      if (deadline !== null && Date.now() > deadline) throw new CliError('Délai d’attente dépassé.', EXIT.error);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          new Promise<void>((r) => {
            wake = r;
            timer = setTimeout(r, 1000);
          }),
          stop.promise,
        ]);
      } finally {
        // A pending look-again timer would hold the process up to 1 s after its work is done.
        clearTimeout(timer);
      }
    }
    return true;
  };

  try {
    const profile = await resolveProfile(ctx, opts.profile);
    profileId = profile.id;
    await providePassword(ctx, profile, password);
    await engine.start();
    // A folder brings many files: the seal workers start (the vault is ready now) while its
    // files are looked at, instead of after (~0.1–0.2 s of the engine thread waiting otherwise).
    if (paths.some((p) => statSync(p, { throwIfNoEntry: false })?.isDirectory()))
      (await import('../../core/seal/seal-pool')).sharedSealPool()?.warm(engine.parts.vaultDir);

    for (const ref of refs) {
      let doc;
      try {
        doc = await ctx.call('getDocument', { id: ref });
      } catch (error) {
        if (error instanceof CliError && /introuvable/i.test(error.message))
          throw new CliError(`Introuvable : ${ref} (ni fichier, ni document connu).`, EXIT.usage);
        throw error;
      }
      if (doc.profileId !== profileId)
        throw new CliError(`Le document ${ref} appartient à un autre profil (précisez --profile).`, EXIT.usage);
      wanted.add(doc.id);
      states.set(doc.id, doc.state);
    }
    let accepted = 0;
    let ignored: { path: string; reason: string }[] = [];
    if (paths.length > 0) {
      const intake = await ctx.call('intakePaths', { profileId, paths, confirmLarge: opts.force === true });
      if (intake.needsConfirmation) {
        for (const l of intake.needsConfirmation) ctx.out.warn(l.message);
        throw new CliError('Rien n’a été versé : relancez avec --force pour confirmer.', EXIT.usage);
      }
      accepted = intake.accepted;
      ignored = intake.ignored;
      for (const i of intake.ignored) ctx.out.warn(`Ignoré : ${printable(i.path)} — ${i.reason}`);
      for (const id of intake.documentIds) {
        wanted.add(id);
        if (!states.has(id)) states.set(id, seen.get(id) ?? (await ctx.call('getDocument', { id })).state);
      }
      // Sealed by the time intake answers; wait anyway should a seal still be running.
      const settled = await waitFor(() => [...states.values()].every((s) => !UNSETTLED.has(s)));
      if (!settled) return EXIT.interrupted;
    }
    if (states.size === 0) {
      ctx.out.line('Aucun fichier à verser.');
      if (ctx.out.json) ctx.out.jsonLine({ type: 'deposit.result', accepted: 0, ignored, documents: [] });
      return ignored.length > 0 ? EXIT.usage : EXIT.ok;
    }

    // --classification … complete the acts whose name did not give everything.
    if (Object.keys(given).length > 0) {
      for (const [id, state] of states) {
        if (state !== 'needs_metadata') continue;
        const doc = await ctx.call('getDocument', { id });
        if (doc.role !== 'act') continue;
        const filled = {
          ...given,
          ...Object.fromEntries(Object.entries(doc.metadata).filter(([, v]) => v !== undefined && v !== '')),
        };
        try {
          const updated = await completeMetadata(ctx, doc, filled);
          states.set(id, updated.state);
        } catch (error) {
          if (!(error instanceof CliError)) throw error;
          ctx.out.warn(error.message); // still incomplete: reported as « Non versé » below
        }
      }
    }

    const ids = [...states.entries()].filter(([, s]) => !NOT_DEPOSITABLE.has(s)).map(([id]) => id);
    if (opts.dryRun) return await printDryRun(ctx, ids);
    let queued: string[] = [];
    let problems = 0;
    if (ids.length > 0) {
      // By PLAN_CHUNK per call: the engine plans by the same chunks whatever the caller sends
      // (DepositService.plan); smaller calls also keep each request well inside its schema's
      // 100,000 ids. An annex whose act an earlier call queued is already on its way.
      const refused = new Set<string>();
      let count = 0;
      for (let i = 0; i < ids.length; i += DEPOSIT_CHUNK) {
        const result = await ctx.call('depositNow', { ids: ids.slice(i, i + DEPOSIT_CHUNK) });
        count += result.queued;
        for (const p of result.problems) {
          refused.add(p.id);
          ctx.out.warn(`Non versé : ${p.id} — ${p.message}`);
        }
      }
      problems = refused.size;
      queued = ids.filter((id) => !refused.has(id));
      ctx.out.line(`${count} document(s) en file de versement.`);
    }
    const target = opts.wait ? FINAL : SENT_OR_LATER;
    const reached = (id: string): boolean => target.has(states.get(id) ?? 'queued');
    // Without --wait, an unreachable archive ends the wait: the documents stay queued, sent
    // by the next run (or the desktop app) once it answers.
    const finished = await waitFor(() => queued.every(reached) || (!opts.wait && unreachable));
    ctx.out.clearBar();

    const documents = [];
    // The records themselves, read together (getDocument also builds a preview, reading the
    // file), by 1,000 (the 100,000 records of a large deposit at once held ~150 MiB), and only
    // what is printed (a whole record with its references cost ~9 µs a document).
    const all = [...states.keys()];
    for (let i = 0; i < all.length; i += 1000) {
      const chunk = all.slice(i, i + 1000);
      const records = documentOutcomes(engine.parts.db, chunk);
      for (const id of chunk) {
        const d = records.get(id) ?? (await ctx.call('getDocument', { id }));
        if (ctx.out.json)
          documents.push({ id, fileName: d.fileName, state: d.state, reason: d.reason, transferId: d.transferId });
        ctx.out.line(`${printable(d.fileName)} : ${STATE_NAMES[d.state]}${d.reason ? ` — ${d.reason}` : ''}`);
      }
    }
    if (ctx.out.json) ctx.out.jsonLine({ type: 'deposit.result', accepted, ignored, documents });
    if (!finished) return EXIT.interrupted;
    const waiting = queued.filter((id) => !reached(id)).length;
    if (waiting > 0) {
      ctx.out.warn(
        `Archive injoignable : ${waiting} document(s) restent en file d’attente ; ils partiront au prochain lancement de Sceau.`,
      );
      return EXIT.unreachable;
    }
    const final = queued.map((id) => states.get(id));
    if (final.includes('rejected')) return EXIT.rejected;
    if (final.includes('failed')) return unreachable ? EXIT.unreachable : EXIT.error;
    // Something was left behind (information to complete, annex without its act…): a script must know.
    if (problems > 0) return EXIT.usage;
    return EXIT.ok;
  } finally {
    const signal = stop.received;
    stop.dispose();
    unsubscribe();
    if (signal) ctx.out.warn(`Interrompu (${signal}) : les versements en cours reprendront au prochain lancement.`);
    await ctx.close();
  }
}
