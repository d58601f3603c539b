// Shared helpers for engine-level tests: a real engine on a temp folder, real files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, type EngineOptions } from '../../../main/core/engine';
import { hostDemoServices } from '../../../main/compose/demo-services';
import type { DocumentState } from '../../../main/contract/types';
import { afterAll, beforeAll } from 'vitest';
import { waitForValue } from '../../tools/wait';

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export { pdf as pdfBytes } from '../../tools/pdf';

export function writeFiles(dir: string, files: Record<string, Buffer | string>): string[] {
  return Object.entries(files).map(([name, content]) => {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  });
}

export async function openEngine(dataDir: string, extra: Partial<EngineOptions> = {}): Promise<Engine> {
  // As the hosts do: the demo archive and TSA start in this process when a demo profile needs them.
  return Engine.open({
    dataDir,
    credentials: 'auto',
    stabilityDelayMs: 200,
    trackingIntervalMs: 150,
    demo: hostDemoServices({ dataDir }),
    ...extra,
  });
}

export async function waitForState(engine: Engine, id: string, states: DocumentState[], timeoutMs = 30_000) {
  return waitForValue(
    `document ${id} in ${states.join('|')}`,
    async () => {
      const d = await engine.handlers.getDocument({ id });
      return states.includes(d.state) ? d : null;
    },
    timeoutMs,
  );
}

export const PLOUGUERNEAU = { name: 'Commune de Plouguerneau', siren: '212901956' };
export const LANDEDA = { name: 'Commune de Landéda', siren: '212901014' };

/**
 * A started engine in `root`/data with these demo communes (one profile id each, in order),
 * and the teardown that closes it and removes `root`.
 */
export async function openDemoEngine(
  root: string,
  communes: Array<{ name: string; siren: string }> = [PLOUGUERNEAU],
): Promise<{ engine: Engine; profileIds: string[]; close: () => Promise<void> }> {
  const engine = await openEngine(path.join(root, 'data'));
  await engine.start();
  const profileIds: string[] = [];
  for (const { name, siren } of communes)
    profileIds.push((await engine.handlers.createProfile({ profile: { name, siren, archiveKind: 'demo' } })).id);
  return {
    engine,
    profileIds,
    close: async () => {
      await engine.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A demo engine for the whole test file: opened before its tests (given to `set`), closed after. */
export function useDemoEngine(
  root: string,
  set: (demo: { engine: Engine; profileIds: string[] }) => void,
  communes?: Array<{ name: string; siren: string }>,
): void {
  let close: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    const demo = await openDemoEngine(root, communes);
    close = demo.close;
    set(demo);
  });
  afterAll(() => close?.());
}

/**
 * Vitest hook: one demo engine for the file, opened before its tests with Plouguerneau and
 * Landéda and closed after them. Read the fields inside tests (they are set in `beforeAll`).
 */
export function useTwoCommunes(root: string): { engine: Engine; plg: string; lnd: string } {
  const ctx = {} as { engine: Engine; plg: string; lnd: string; close: () => Promise<void> };
  beforeAll(async () => {
    const demo = await openDemoEngine(root, [PLOUGUERNEAU, LANDEDA]);
    ctx.engine = demo.engine;
    ctx.close = demo.close;
    [ctx.plg, ctx.lnd] = demo.profileIds as [string, string];
  });
  afterAll(() => ctx.close());
  return ctx;
}
