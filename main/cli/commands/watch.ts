import { existsSync, statSync } from 'node:fs';
import { printable } from '../output';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context';
import { printEvent } from '../events';
import { CliError, EXIT } from '../exit-codes';
import { resolvePassword } from '../password';
import { providePassword, resolveProfile } from '../profiles';
import { onStopSignal } from '../signals';

type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;

/** How often `watch` looks for documents made ready elsewhere (`sceau metadata`, the app). */
export const READY_SWEEP_MS = 2000;

interface WatchOptions {
  profile?: string;
  folder: string[];
  passwordStdin?: boolean;
  /** `--no-deposit`: seal and read metadata only; the deposits are decided elsewhere. */
  deposit: boolean;
}

export function watchCommand(withContext: WithContext, setResult: (code: number) => void): Command {
  return new Command('watch')
    .description('service au premier plan : surveille les dossiers, scelle et verse (arrêt propre sur SIGTERM/SIGINT)')
    .option('--profile <profil>', 'id, SIREN ou nom du profil')
    .option(
      '--folder <chemin>',
      'ajouter ce dossier à surveiller (répétable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--no-deposit', 'sceller sans verser (les documents restent « prêts »)')
    .option('--password-stdin', 'lire le mot de passe de l’archive sur l’entrée standard')
    .action(async (opts: WatchOptions) => {
      setResult(await withContext((ctx) => watch(ctx, opts)));
    });
}

async function watch(ctx: CliContext, opts: WatchOptions): Promise<number> {
  for (const f of opts.folder) {
    if (!existsSync(f) || !statSync(f).isDirectory()) throw new CliError(`Dossier introuvable : ${f}`, EXIT.usage);
  }
  const password = await resolvePassword(opts);
  const engine = await ctx.engine({ demo: true });
  const stop = onStopSignal();
  const unsubscribeEvents = engine.bus.on((e) => printEvent(ctx.out, e));
  let sweeper: ReadySweeper | null = null;
  try {
    const profile = await resolveProfile(ctx, opts.profile);
    await providePassword(ctx, profile, password);
    const known = await ctx.call('listFolders', { profileId: profile.id });
    for (const f of opts.folder.map((p) => resolve(p))) {
      if (!known.some((k) => resolve(k.path) === f)) {
        const added = await ctx.call('addFolder', { profileId: profile.id, path: f });
        ctx.out.line(`Dossier surveillé ajouté : ${printable(added.path)}`);
      }
    }
    await engine.start();
    const folders = await ctx.call('listFolders', { profileId: profile.id });
    if (opts.deposit) {
      sweeper = new ReadySweeper(ctx, profile.id);
      const wake = sweeper;
      const unsubscribeReady = engine.bus.on((e) => {
        if (e.type === 'document.state' && e.profileId === profile.id && e.to === 'ready') wake.soon();
      });
      sweeper.onDispose(unsubscribeReady);
      await sweeper.run(); // what was left ready by an earlier run or another process
    }
    ctx.out.line(
      `Sceau surveille ${folders.length} dossier(s) pour ${profile.name}${opts.deposit ? '' : ' (sans verser)'}. Arrêt : Ctrl+C ou SIGTERM.`,
    );
    if (ctx.out.json)
      ctx.out.jsonLine({
        type: 'watch.ready',
        profileId: profile.id,
        folders: folders.map((f) => f.path),
        deposit: opts.deposit,
      });
    ctx.log.info('watch started', { profileId: profile.id, folders: folders.length, deposit: opts.deposit });
    const signal = await stop.promise;
    ctx.out.line(`Arrêt demandé (${signal}) : fin des envois en cours…`);
    ctx.log.info('watch stopping', { signal });
    return EXIT.ok; // a requested stop of a service is a success
  } finally {
    await sweeper?.dispose();
    stop.dispose();
    await ctx.close();
    unsubscribeEvents();
    ctx.out.clearBar();
  }
}

/**
 * The headless service deposits what is ready: documents whose metadata was read from their
 * name, or completed with `sceau metadata` (from this process or another one, hence the
 * periodic pass). One pass at a time; a document the engine refuses is reported once.
 */
class ReadySweeper {
  private timer: NodeJS.Timeout | null = null;
  private soonTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private disposed = false;
  private readonly reported = new Map<string, string>();
  private readonly disposers: Array<() => void> = [];

  constructor(
    private readonly ctx: CliContext,
    private readonly profileId: string,
  ) {
    this.timer = setInterval(() => this.soon(0), READY_SWEEP_MS);
  }

  onDispose(fn: () => void): void {
    this.disposers.push(fn);
  }

  /** Coalesces bursts (a folder of 500 files becomes ready within a few hundred ms). */
  soon(delayMs = 250): void {
    if (this.disposed || this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      void this.run();
    }, delayMs);
  }

  run(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.disposed);
      } catch (error) {
        // The engine closing under a pass (SIGTERM) is expected; anything else is logged.
        if (!this.disposed) this.ctx.log.warn('ready sweep failed', { error });
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soonTimer) clearTimeout(this.soonTimer);
    for (const fn of this.disposers.splice(0)) fn();
    await this.running;
  }

  private async pass(): Promise<void> {
    const ids: string[] = [];
    for (let offset = 0; ;) {
      const page = await this.ctx.call('listDocuments', {
        profileId: this.profileId,
        states: ['ready'],
        offset,
        limit: 1000,
        sort: 'oldest',
      });
      ids.push(...page.rows.map((r) => r.id));
      offset += page.rows.length;
      if (page.rows.length === 0 || offset >= page.total) break;
    }
    if (ids.length === 0 || this.disposed) return;
    const result = await this.ctx.call('depositNow', { ids });
    if (result.queued > 0) {
      this.ctx.out.line(`${result.queued} document(s) en file de versement.`);
      this.ctx.log.info('watch queued documents', { queued: result.queued });
    }
    for (const p of result.problems) {
      if (this.reported.get(p.id) === p.message) continue;
      this.reported.set(p.id, p.message);
      this.ctx.out.warn(`Non versé : ${p.id} — ${p.message}`);
      if (this.ctx.out.json) this.ctx.out.jsonLine({ type: 'deposit.problem', documentId: p.id, message: p.message });
    }
  }
}
