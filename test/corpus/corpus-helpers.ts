// Shared by the corpus suites: a real engine on the built-in demo archive, and the checks
// that "nothing else was lost" (sources untouched, vault copies intact, journal verified).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { DocumentDetail } from '../../main/contract/api';
import type { Engine } from '../../main/core/engine';
import { leftoverTempFiles, vaultAbsolutePath } from '../../main/core/seal/vault';
import type { DocumentState } from '../../main/contract/types';
import { openEngine } from '../integration/engine/helpers';
import { waitForValue } from '../tools/wait';
import { corpusDir, sha256 } from './generate';

export interface CorpusEngine {
  engine: Engine;
  root: string;
  dataDir: string;
  profileId: string;
  close(): Promise<void>;
}

export async function openCorpusEngine(
  name: string,
  options: { start?: boolean; dataDir?: string } = {},
): Promise<CorpusEngine> {
  const root = corpusDir(name);
  const dataDir = options.dataDir ?? path.join(root, 'donnees-sceau');
  const engine = await openEngine(dataDir);
  if (options.start !== false) await engine.start();
  const profile = await engine.handlers.createProfile({
    profile: { name: `Commune de ${name}`, siren: '212901956', archiveKind: 'demo' },
  });
  return {
    engine,
    root,
    dataDir,
    profileId: profile.id,
    close: async () => {
      await engine.close();
      if (!process.env.KEEP_CORPUS) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A document's vault copy and recorded fingerprint both match `expected` bytes' SHA-256. */
export function expectSealedAs(
  engine: Engine,
  documentId: string,
  expectedSha256: string,
  expectedSize?: number,
): void {
  const rec = engine.parts.documents.get(documentId);
  expect(rec, `document ${documentId}`).toBeTruthy();
  expect(rec!.fingerprintHex).toBe(expectedSha256);
  if (expectedSize !== undefined) expect(rec!.size).toBe(expectedSize);
  const copy = vaultAbsolutePath(engine.parts.vaultDir, rec!.vaultPath);
  expect(existsSync(copy), `vault copy of ${rec!.fileName}`).toBe(true);
  expect(sha256(readFileSync(copy))).toBe(expectedSha256);
}

/** Every source is still there with the bytes it had (Sceau never moves or alters them). */
export function expectSourcesUntouched(sources: Record<string, string>): void {
  for (const [p, hash] of Object.entries(sources)) {
    expect(existsSync(p), `source ${JSON.stringify(p)} still there`).toBe(true);
    expect(sha256(readFileSync(p)), `source ${JSON.stringify(p)} unchanged`).toBe(hash);
  }
}

/** Journal chain + every vault copy re-hashed, and no temp file left behind. */
export async function expectVaultAndJournalVerify(engine: Engine): Promise<void> {
  const report = await engine.handlers.verifyIntegrity({});
  expect(report.ok, report.message).toBe(true);
  expect(report.message).toMatch(/[éèà]|intègre|vérifi/i);
  expect(leftoverTempFiles(engine.parts.vaultDir)).toEqual([]);
}

/** Every French text the user can see about a document: its reason, its timeline, the archive's words. */
export function visibleText(d: DocumentDetail): string {
  return [
    d.reason ?? '',
    ...d.timeline.map((t) => t.detail ?? ''),
    d.transfer?.replyComment ?? '',
    ...d.validation.map((v) => v.message),
  ].join('\n');
}

/** No English technical wording (errno codes, stack-ish words) in a message meant for the user. */
export function expectFrenchOnly(message: string): void {
  expect(message).not.toMatch(
    /\b(E[A-Z]{3,}|Error|undefined|null|Invalid|expected|Too big|no such file|permission denied|ENOSPC)\b/,
  );
}

export async function waitForDocState(
  engine: Engine,
  id: string,
  states: DocumentState[],
  timeoutMs = 30_000,
): Promise<DocumentDetail> {
  return waitForValue(
    `document ${id} in ${states.join('|')}`,
    async () => {
      const d = await engine.handlers.getDocument({ id });
      return states.includes(d.state) ? d : null;
    },
    timeoutMs,
  ).catch(async (e: unknown) => {
    const d = await engine.handlers.getDocument({ id });
    throw new Error(`${(e as Error).message}; still ${d.state} (${d.reason ?? 'no reason'})`);
  });
}

/** Completes an act's metadata so it can be deposited. */
export async function complete(
  engine: Engine,
  id: string,
  objet: string,
  number: string,
  extra: Record<string, string> = {},
): Promise<DocumentDetail> {
  return engine.handlers.updateMetadata({
    id,
    metadata: { nature: 'DE', number, date: '2024-03-12', objet, classification: '7.1', ...extra },
  });
}
