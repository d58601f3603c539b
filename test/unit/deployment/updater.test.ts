import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/logging';
import { NO_POLICY, policyFromObject, safePolicy } from '../../../main/core/policy';
import { setupUpdater, updatePlan, type UpdaterLike } from '../../../main/electron/updater';

class FakeUpdater implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = false;
  private _channel: string | null = null;
  feed: unknown = null;
  installed = false;
  checks = 0;
  listeners = new Map<string, (arg: unknown) => void>();
  get channel(): string | null {
    return this._channel;
  }
  set channel(v: string | null) {
    this._channel = v;
    this.allowDowngrade = true;
  } // like electron-updater
  setFeedURL(o: unknown): void {
    this.feed = o;
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks++;
    return null;
  }
  async downloadUpdate(): Promise<unknown> {
    return [];
  }
  quitAndInstall(): void {
    this.installed = true;
  }
  on(event: string, l: (arg: unknown) => void): this {
    this.listeners.set(event, l);
    return this;
  }
}

const log = createLogger({ sinks: [] });

describe('updater', () => {
  it('is off on managed installs unless the policy enables it, and off in safe mode', () => {
    expect(updatePlan(NO_POLICY).enabled).toBe(true);
    expect(updatePlan(policyFromObject({ startAtLogin: true }, ['/etc/sceau/policy.json'])).enabled).toBe(false);
    expect(updatePlan(policyFromObject({ updates: { enabled: false } }, ['p'])).reason).toMatch(/service informatique/);
    expect(updatePlan(safePolicy('cassée', ['p'])).enabled).toBe(false);
  });

  it('uses the policy URL, never downgrades, backs up before installing', async () => {
    const fake = new FakeUpdater();
    const backups: string[] = [];
    const policy = policyFromObject(
      { updates: { enabled: true, url: 'https://maj.cc.fr/sceau/', channel: 'beta', autoDownload: false } },
      ['p'],
    );
    const handle = await setupUpdater({
      policy,
      log,
      updater: fake,
      beforeMigratingUpdate: () => {
        backups.push('db');
        return '/tmp/b.db';
      },
    });
    expect(handle.enabled).toBe(true);
    expect(fake.feed).toEqual({ provider: 'generic', url: 'https://maj.cc.fr/sceau/', channel: 'beta' });
    expect(fake.allowDowngrade).toBe(false);
    expect(fake.autoDownload).toBe(false);
    expect(fake.checks).toBe(1);
    await handle.installNow();
    expect(backups).toEqual(['db']);
    expect(fake.installed).toBe(true);
    handle.stop();
  });

  it('does not install when the backup fails', async () => {
    const fake = new FakeUpdater();
    const handle = await setupUpdater({
      policy: NO_POLICY,
      log,
      updater: fake,
      beforeMigratingUpdate: () => {
        throw new Error('disque plein');
      },
    });
    await expect(handle.installNow()).rejects.toThrow('disque plein');
    expect(fake.installed).toBe(false);
    handle.stop();
  });
});
