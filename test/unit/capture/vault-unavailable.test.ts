// The vault cannot be prepared when Sceau starts or a first file is dropped (a network drive
// not there yet, a full disk, a folder in the way): once the cause is gone, intake works again
// without a restart (review rev1, MEDIUM). Before, the failed preparation was remembered: every
// later drop failed with the same raw error until Sceau was restarted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureService } from '../../../main/core/capture/service';
import { makeFixture, type Fixture } from './helpers';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture('sceau-vault-unavailable-');
});
afterEach(() => fx.cleanup());

describe('a vault that could not be prepared', () => {
  it('is prepared again at the next drop once the cause is gone', async () => {
    // A file where the vault's folder should be: mkdir fails (ENOTDIR).
    const dataDir = join(fx.dir, 'données');
    writeFileSync(dataDir, 'pas un dossier');
    const vaultDir = join(dataDir, 'coffre');
    const service = new CaptureService({ db: fx.db, vaultDir, bus: fx.bus, settings: { stabilityDelayMs: 50 } });
    const src = join(fx.dir, 'DE_2024_001_budget.pdf');
    writeFileSync(src, 'contenu de la délibération');
    await expect(service.intake(fx.profileId, [src], 'drop')).rejects.toThrow();
    rmSync(dataDir);
    const report = await service.intake(fx.profileId, [src], 'drop');
    expect(report.results[0]).toMatchObject({ kind: 'created' });
    const row = fx.db.prepare('SELECT vault_path FROM documents').get() as { vault_path: string };
    const copy = join(vaultDir, ...row.vault_path.split('/'));
    expect(existsSync(copy)).toBe(true);
    expect(readFileSync(copy, 'utf8')).toBe('contenu de la délibération');
    await service.stop();
  });
});
