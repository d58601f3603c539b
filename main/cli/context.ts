// What every command that needs the core shares: data folder, policy, log file, the engine
// (imported lazily so `--help` and usage errors work without it), and `call`, which goes
// through the same validating dispatcher as the desktop app.
import { resolve } from 'node:path';
import type { Channel, RequestOf, ResponseOf, SettingsPatch } from '../contract/api';
import { dispatch } from '../core/api/dispatch';
import type { Engine } from '../core/engine';
import { openAppLogger, type Logger, type LogLevel } from '../core/logging';
import { defaultDataDir } from '../core/paths';
import { applyPolicy, loadPolicy, settingsLocks, type LoadedPolicy } from '../core/policy';
import { CliError, EXIT } from './exit-codes';
import { Output } from './output';

/** Envelope error codes of the core that mean « your request is wrong », not « Sceau failed ». */
const USAGE_CODES: ReadonlySet<string> = new Set(['invalid', 'user', 'locked', 'not-found']);

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  logLevel?: string;
  credentials?: 'keychain' | 'session' | 'auto';
}

export interface CliContext {
  dataDir: string;
  out: Output;
  log: Logger;
  policy: LoadedPolicy;
  /** Opens the engine once; `demo` decides whether the built-in demo archive may start. */
  engine(options?: { demo?: boolean }): Promise<Engine>;
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  close(): Promise<void>;
}

/** Runs a command body with a context, closed afterwards; resolves to the exit code. */
export type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;
/** Records a command's exit code for main(). */
export type SetResult = (code: number) => void;

/**
 * Faster polling and sealing for tests and demonstrations (never needed in production):
 * SCEAU_TRACKING_INTERVAL_MS (archive polling) and SCEAU_STABILITY_DELAY_MS (watched files).
 */
export function timingOverrides(env: NodeJS.ProcessEnv = process.env): {
  trackingIntervalMs?: number;
  stabilityDelayMs?: number;
} {
  const read = (name: string, min: number, max: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new CliError(`${name} : un nombre entier de millisecondes entre ${min} et ${max} est attendu.`, EXIT.usage);
    return n;
  };
  const trackingIntervalMs = read('SCEAU_TRACKING_INTERVAL_MS', 50, 3_600_000);
  const stabilityDelayMs = read('SCEAU_STABILITY_DELAY_MS', 50, 600_000);
  return {
    ...(trackingIntervalMs !== undefined ? { trackingIntervalMs } : {}),
    ...(stabilityDelayMs !== undefined ? { stabilityDelayMs } : {}),
  };
}

/**
 * The data folder: --data-dir, else SCEAU_DATA_DIR, else the desktop app's. Never the working
 * directory by accident: an empty --data-dir (`--data-dir "$DOSSIER"`, variable unset) is
 * refused, an empty SCEAU_DATA_DIR counts as unset.
 */
export function dataDirOf(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (given !== undefined && given.trim() === '')
    throw new CliError('--data-dir : le chemin du dossier des données est vide.', EXIT.usage);
  const fromEnv = env.SCEAU_DATA_DIR;
  return resolve(given ?? (fromEnv && fromEnv.trim() !== '' ? fromEnv : defaultDataDir()));
}

export function createContext(options: GlobalOptions): CliContext {
  const dataDir = dataDirOf(options.dataDir);
  const out = new Output({ json: options.json === true, buffered: true });
  const level = (['debug', 'info', 'warn', 'error'] as const).find((l) => l === options.logLevel) ?? 'info';
  // Own file name: the desktop app may be writing sceau.log at the same time.
  const log = openAppLogger(dataDir, { level, baseName: 'sceau-cli' });
  const cliLog = log.child({ host: 'cli' });
  const policy = loadPolicy();
  if (policy.error) {
    out.warn(`Attention : ${policy.error}`);
    cliLog.warn('policy error', { error: policy.error });
  }
  let engine: Engine | null = null;

  const ctx: CliContext = {
    dataDir,
    out,
    log: cliLog,
    policy,
    async engine(opts = {}) {
      if (engine) return engine;
      let mod: typeof import('../core/engine');
      let demoMod: typeof import('../compose/demo-services');
      try {
        mod = await import('../core/engine');
        demoMod = await import('../compose/demo-services');
      } catch (error) {
        cliLog.error('engine import failed', { error });
        throw new CliError(
          `Le moteur de Sceau est introuvable dans cette version (${(error as Error).message}).`,
          EXIT.error,
        );
      }
      // The policy wins over --credentials: a managed PC that requires the keychain keeps it.
      const credentials = policy.values.credentialStorage ?? options.credentials ?? 'auto';
      const locks = settingsLocks(policy);
      engine = await mod.Engine.open({
        dataDir,
        credentials,
        policy,
        locks: () => locks,
        // Only commands that deposit may start the demo archive and TSA in this process.
        demo: demoMod.hostDemoServices({
          dataDir,
          start: opts.demo === true,
          ...(process.env.SCEAU_DEMO_ARCHIVE_URL ? { archiveUrl: process.env.SCEAU_DEMO_ARCHIVE_URL } : {}),
        }),
        log: (lvl: LogLevel, message: string) => cliLog[lvl](message),
        ...timingOverrides(),
      });
      return engine;
    },
    async call(channel, request) {
      if (channel === 'updateSettings') {
        const decision = applyPolicy(request as SettingsPatch, policy);
        if (!decision.allowed) throw new CliError(decision.message ?? 'Modification refusée.', EXIT.usage);
      }
      const e = await ctx.engine();
      const envelope = await dispatch(e.handlers, channel, request, (ch, err) =>
        cliLog.error(`call ${ch} failed`, { error: err }),
      );
      if (!envelope.ok) {
        // Refusals with a French reason (bad data, locked by policy, unknown id) are the
        // caller's to fix: 2. Anything unexpected is 1.
        throw new CliError(envelope.error.message, USAGE_CODES.has(envelope.error.code) ? EXIT.usage : EXIT.error);
      }
      return envelope.value as ResponseOf<typeof channel>;
    },
    async close() {
      const e = engine;
      engine = null;
      try {
        if (e) await e.close();
      } finally {
        out.flush();
        log.close();
      }
    },
  };
  return ctx;
}
