import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { DocumentState } from '../../core/types';
import type { CliContext } from '../context';
import { printEvent } from '../events';
import { CliError, EXIT } from '../exit-codes';
import { resolvePassword } from '../password';
import { providePassword, resolveProfile } from '../profiles';
import { onStopSignal } from '../signals';

type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;

const UNSETTLED: ReadonlySet<DocumentState> = new Set(['detected', 'sealed']);
const NOT_DEPOSITABLE: ReadonlySet<DocumentState> = new Set(['duplicate', 'skipped_auto_archived', 'accepted']);
const SENT_OR_LATER: ReadonlySet<DocumentState> = new Set(['sent', 'acknowledged', 'accepted', 'rejected', 'failed']);
const FINAL: ReadonlySet<DocumentState> = new Set(['accepted', 'rejected', 'failed']);

interface DepositOptions {
  profile?: string;
  wait?: boolean;
  timeout?: string;
  passwordStdin?: boolean;
}

export function depositCommand(withContext: WithContext, setResult: (code: number) => void): Command {
  return new Command('deposit')
    .description("sceller et verser des fichiers ou dossiers (sans --wait : rend la main une fois l'envoi fait)")
    .argument('<chemins...>', 'fichiers ou dossiers')
    .option('--profile <profil>', 'id, SIREN ou nom du profil')
    .option('--wait', "attendre la réponse de l'archive (acceptée / rejetée / échec)")
    .option('--timeout <secondes>', 'abandonner l’attente après ce délai')
    .option('--password-stdin', "lire le mot de passe de l'archive sur l'entrée standard")
    .action(async (paths: string[], opts: DepositOptions) => {
      setResult(await withContext((ctx) => deposit(ctx, paths, opts)));
    });
}

async function deposit(ctx: CliContext, rawPaths: string[], opts: DepositOptions): Promise<number> {
  const paths = rawPaths.map((p) => resolve(p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new CliError(`Introuvable : ${missing.join(', ')}`, EXIT.usage);
  const timeoutMs = opts.timeout !== undefined ? Number(opts.timeout) * 1000 : null;
  if (timeoutMs !== null && !(timeoutMs > 0)) throw new CliError('--timeout : un nombre de secondes positif est attendu.', EXIT.usage);
  const password = await resolvePassword(opts);

  const engine = await ctx.engine({ demo: true });
  const stop = onStopSignal();
  const states = new Map<string, DocumentState>();
  const reasons = new Map<string, string>();
  let unreachable = false;
  let profileId = '';
  let wake: () => void = () => undefined;
  const unsubscribe = engine.bus.on((e) => {
    if (e.type === 'document.state' && e.profileId === profileId) {
      states.set(e.documentId, e.to);
      if (e.reason) reasons.set(e.documentId, e.reason);
      wake();
    } else if (e.type === 'connectivity' && e.profileId === profileId) {
      unreachable = !e.reachable;
    }
    printEvent(ctx.out, e);
  });
  const deadline = timeoutMs !== null ? Date.now() + timeoutMs : null;

  /** Waits until `done()` holds; false on signal or timeout. */
  const waitFor = async (done: () => boolean): Promise<boolean> => {
    while (!done()) {
      if (stop.received) return false;
      if (deadline !== null && Date.now() > deadline) throw new CliError("Délai d'attente dépassé.", EXIT.error);
      await Promise.race([new Promise<void>((r) => { wake = r; setTimeout(r, 1000); }), stop.promise]);
    }
    return true;
  };

  try {
    const profile = await resolveProfile(ctx, opts.profile);
    profileId = profile.id;
    await providePassword(ctx, profile, password);
    await engine.start();

    const intake = await ctx.call('intakePaths', { profileId, paths });
    for (const i of intake.ignored) ctx.out.warn(`Ignoré : ${i.path} — ${i.reason}`);
    if (intake.accepted === 0) {
      ctx.out.line('Aucun fichier à verser.');
      if (ctx.out.json) ctx.out.jsonLine({ type: 'deposit.result', accepted: 0, ignored: intake.ignored, documents: [] });
      return intake.ignored.length > 0 ? EXIT.usage : EXIT.ok;
    }
    // Intake seals asynchronously: the new documents announce themselves on the bus.
    const settled = await waitFor(
      () => states.size >= intake.accepted && [...states.values()].every((s) => !UNSETTLED.has(s)),
    );
    if (!settled) return EXIT.interrupted;

    const ids = [...states.entries()].filter(([, s]) => !NOT_DEPOSITABLE.has(s)).map(([id]) => id);
    let queued: string[] = [];
    if (ids.length > 0) {
      const result = await ctx.call('depositNow', { ids });
      const problems = new Set(result.problems.map((p) => p.id));
      for (const p of result.problems) ctx.out.warn(`Non versé : ${p.id} — ${p.message}`);
      queued = ids.filter((id) => !problems.has(id));
      ctx.out.line(`${result.queued} document(s) en file de versement.`);
    }
    const target = opts.wait ? FINAL : SENT_OR_LATER;
    const finished = await waitFor(() => queued.every((id) => target.has(states.get(id) ?? 'queued')));
    ctx.out.clearBar();

    const documents = [];
    for (const id of states.keys()) {
      const d = await ctx.call('getDocument', { id });
      documents.push({ id, fileName: d.fileName, state: d.state, reason: d.reason, transferId: d.transferId });
      ctx.out.line(`${d.fileName} : ${d.state}${d.reason ? ` — ${d.reason}` : ''}`);
    }
    if (ctx.out.json) ctx.out.jsonLine({ type: 'deposit.result', accepted: intake.accepted, ignored: intake.ignored, documents });
    if (!finished) return EXIT.interrupted;
    const final = queued.map((id) => states.get(id));
    if (final.includes('rejected')) return EXIT.rejected;
    if (final.includes('failed')) return unreachable ? EXIT.unreachable : EXIT.error;
    return EXIT.ok;
  } finally {
    const signal = stop.received;
    stop.dispose();
    unsubscribe();
    if (signal) ctx.out.warn(`Interrompu (${signal}) : les versements en cours reprendront au prochain lancement.`);
    await ctx.close();
  }
}
