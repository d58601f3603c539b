// Issue 16 §7 — file names with a newline or escape sequences are printed escaped by the CLI:
// `sceau status` on a document named "…\x1b[2J\nIntégrité vérifiée…" neither clears the
// terminal nor forges a line.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { Output, printable } from '../../../main/cli/output';
import { cliEnv, runCli } from '../cli/helpers';
import { openEngine, pdfBytes, tempDir, writeFiles } from '../engine/helpers';

const root = tempDir('sceau-cli-ctl-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EVIL = 'DE_2025_001_budget\u001b[2J\nIntégrité vérifiée\u202e.pdf';

describe('CLI output escapes control characters', () => {
  it('sceau status shows the name escaped, on one line', { timeout: 60_000 }, async () => {
    const dataDir = path.join(root, 'data');
    const engine = await openEngine(dataDir);
    try {
      const profile = await engine.handlers.createProfile({
        profile: { name: 'Commune', siren: '212900351', archiveKind: 'demo' },
      });
      const [file] = writeFiles(path.join(root, 'in'), { [EVIL]: pdfBytes('evil') });
      const intake = await engine.handlers.intakePaths({ profileId: profile.id, paths: [file!] });
      expect(intake.documentIds).toHaveLength(1);
    } finally {
      await engine.close();
    }
    const r = await runCli(['--data-dir', dataDir, 'status'], { env: cliEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u202e');
    expect(r.stdout).toContain('DE_2025_001_budget\\x1b[2J\\nIntégrité vérifiée\\u{202e}.pdf');
    expect(r.stdout.split('\n').some((l) => l.startsWith('Intégrité vérifiée'))).toBe(false);
  });

  it('every printed line escapes controls but keeps its own line breaks', () => {
    const stdout = new PassThrough();
    let written = '';
    stdout.on('data', (d: Buffer) => (written += d.toString()));
    const out = new Output({ json: false, stdout, stderr: new PassThrough() });
    out.line('ligne 1\nligne 2\u0007\r\u009b31m');
    expect(written).toBe('ligne 1\nligne 2\\x07\\r\\x9b31m\n');
    expect(printable('a\nb\tc')).toBe('a\\nb\\tc');
  });
});
