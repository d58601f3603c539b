// End to end through the engine: with a TSA and a manual proxy set in the settings, the
// journal's timestamp requests leave through that proxy (before, they went out directly and,
// behind a mandatory proxy, never arrived). Real engine, real proxy, `openssl ts` TSA.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { startConnectProxy, type ConnectProxy } from '../../tools/connect-proxy';
import { startTsaServer, type TsaServer } from '../../tools/tsa-server';
import { openEngine, pdfBytes, tempDir, writeFiles } from '../engine/helpers';
import { waitForValue } from '../../tools/wait';

let proxy: ConnectProxy;
let tsa: TsaServer;
let engine: Engine | undefined;
const dir = tempDir('sceau-engine-tsa-proxy-');

beforeAll(async () => {
  proxy = await startConnectProxy({ forwardPlain: true });
  tsa = await startTsaServer();
}, 60_000);
afterAll(async () => {
  await engine?.close();
  await proxy.close();
  await tsa.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the configured TSA is reached through the manual proxy of the settings', async () => {
  const dataDir = path.join(dir, 'data');
  const first = await openEngine(dataDir, { demo: undefined });
  await first.handlers.updateSettings({
    tsaUrl: tsa.url,
    tsaCertPem: tsa.caPem,
    proxy: { mode: 'manual', url: proxy.url },
  });
  const { id: profileId } = await first.handlers.createProfile({
    profile: { name: 'Commune de Plouguerneau', siren: '212901956', archiveKind: 'demo' },
  });
  await first.close();

  // The TSA is read at start-up: reopen, give the journal something to stamp.
  engine = await openEngine(dataDir, { demo: undefined });
  await engine.start();
  const [file] = writeFiles(path.join(dir, 'in'), { 'AR_2025_001.pdf': pdfBytes('Arrêté 2025-001') });
  await engine.handlers.intakePaths({ profileId, paths: [file!] });
  await waitForValue(
    'a granted journal-head timestamp',
    async () => engine!.parts.timestamps?.latestHead() ?? null,
    45_000,
  );
  expect(tsa.requests).toBeGreaterThan(0);
  expect(proxy.log.filter((l) => l === `POST ${tsa.url}`).length).toBe(tsa.requests);
}, 90_000);
