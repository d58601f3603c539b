// A dropped file that changes during each of its reads ends « unstable », told « il sera repris
// quand il ne bougera plus » (seal-core.ts). Review rev1, LOW: only watched files came back by
// themselves, so a dropped one never was, against what the message says. /proc/cpuinfo stands
// for a file that never reads as its size says (stat size 0, some KiB read): every read of it
// is a read of a changing file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { CaptureService } from '../../../main/core/capture/service';
import { makeFixture, type Fixture } from './helpers';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture('sceau-unstable-drop-');
});
afterEach(() => fx.cleanup());

const CHANGING = '/proc/cpuinfo';

describe('a dropped file still changing', () => {
  it.skipIf(!existsSync(CHANGING))('is taken up again by itself, as its message says', async () => {
    const service = new CaptureService({
      db: fx.db,
      vaultDir: fx.vaultDir,
      bus: fx.bus,
      settings: { stabilityDelayMs: 20, transientRetryMs: 100 },
    });
    await service.start();
    const report = await service.intake(fx.profileId, [CHANGING], 'drop');
    expect(report.results[0]).toMatchObject({ kind: 'error' });
    expect((report.results[0] as { message?: string }).message).toMatch(/il sera repris quand il ne bougera plus/);
    const attempts = (): number => fx.events.filter((e) => e.type === 'capture.error' && e.path === CHANGING).length;
    const end = Date.now() + 5000;
    while (attempts() < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await service.stop();
    expect(attempts()).toBeGreaterThanOrEqual(2);
  });
});
