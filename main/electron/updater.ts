// Controlled updates (electron-updater, generic provider). Off by default on managed PCs:
// the IT staff turn them on in the policy (updates.enabled + updates.url). Never
// downgrades; signature / hash verification stays as electron-updater does it (nothing
// here disables it). Before a new version can migrate the database, it is backed up.
import type { Logger } from '../core/logging';
import type { LoadedPolicy } from '../core/policy';

/** The part of electron-updater's AppUpdater we use (a fake in tests). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-downloaded' | 'error', listener: (arg: unknown) => void): unknown;
}

export interface UpdaterOptions {
  policy: LoadedPolicy;
  log: Logger;
  /** Called before any update can run its migrations: backs up the DB (returns its path). */
  beforeMigratingUpdate: () => Promise<string | void> | string | void;
  /** Defaults to electron-updater's autoUpdater (loaded lazily). */
  updater?: UpdaterLike;
  /** Check period once started; default 6 h. */
  intervalMs?: number;
  /** Called when an update is ready to install (e.g. to show a notification). */
  onReady?: (version: string | null) => void;
}

export interface UpdaterHandle {
  enabled: boolean;
  /** French reason when disabled (shown in « À propos »). */
  reason: string | null;
  checkNow(): Promise<void>;
  /** Backs up the database, then restarts into the new version. */
  installNow(): Promise<void>;
  stop(): void;
}

/** Pure decision: may this install update itself, and from where? */
export function updatePlan(policy: LoadedPolicy): {
  enabled: boolean;
  url: string | null;
  autoDownload: boolean;
  channel: string | null;
  reason: string | null;
} {
  const off = (reason: string) => ({ enabled: false, url: null, autoDownload: false, channel: null, reason });
  if (policy.safeMode)
    return off('Mises à jour désactivées : la politique de votre service informatique est invalide.');
  const updates = policy.values.updates;
  const managed = policy.sources.length > 0;
  if (updates?.enabled === false) return off('Les mises à jour sont gérées par votre service informatique.');
  if (managed && updates?.enabled !== true)
    return off('Poste géré : les mises à jour sont déployées par votre service informatique.');
  return {
    enabled: true,
    url: updates?.url ?? null, // null: the feed built into the app (app-update.yml)
    autoDownload: updates?.autoDownload === true,
    channel: updates?.channel ?? null,
    reason: null,
  };
}

export async function setupUpdater(options: UpdaterOptions): Promise<UpdaterHandle> {
  const log = options.log.child({ module: 'updater' });
  const plan = updatePlan(options.policy);
  const noop: UpdaterHandle = {
    enabled: false,
    reason: plan.reason,
    checkNow: async () => undefined,
    installNow: async () => undefined,
    stop: () => undefined,
  };
  if (!plan.enabled) {
    log.info('updates disabled', { reason: plan.reason });
    return noop;
  }
  const updater: UpdaterLike =
    options.updater ?? ((await import('electron-updater')).autoUpdater as unknown as UpdaterLike);
  if (plan.url)
    updater.setFeedURL({ provider: 'generic', url: plan.url, ...(plan.channel ? { channel: plan.channel } : {}) });
  if (plan.channel) updater.channel = plan.channel;
  // After `channel`: setting a channel silently turns allowDowngrade on.
  updater.allowDowngrade = false;
  updater.autoDownload = plan.autoDownload;
  updater.autoInstallOnAppQuit = plan.autoDownload;

  let backedUp: Promise<void> | null = null;
  const backup = (): Promise<void> =>
    (backedUp ??= Promise.resolve()
      .then(() => options.beforeMigratingUpdate())
      .then((path) => log.info('database backed up before update', { path: path ?? null })));

  updater.on('update-available', (info) => log.info('update available', { version: versionOf(info) }));
  updater.on('error', (error) => log.warn('update check failed', { error }));
  updater.on('update-downloaded', (info) => {
    // autoInstallOnAppQuit may install at the next quit: back up now, not then.
    void backup()
      .then(() => options.onReady?.(versionOf(info)))
      .catch((error: unknown) => {
        log.error('backup before update failed: update postponed', { error });
        updater.autoInstallOnAppQuit = false;
      });
  });

  const checkNow = async (): Promise<void> => {
    try {
      await updater.checkForUpdates();
    } catch (error) {
      log.warn('update check failed', { error });
    }
  };
  const timer = setInterval(() => void checkNow(), options.intervalMs ?? 6 * 3600_000);
  timer.unref();
  void checkNow();

  return {
    enabled: true,
    reason: null,
    checkNow,
    async installNow() {
      await backup(); // throws: no install without a backup
      updater.quitAndInstall(false, true);
    },
    stop: () => clearInterval(timer),
  };
}

function versionOf(info: unknown): string | null {
  return info && typeof info === 'object' && 'version' in info && typeof info.version === 'string'
    ? info.version
    : null;
}
