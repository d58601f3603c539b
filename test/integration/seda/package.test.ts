import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PackageError, actUnit, buildPackage, generateMessageIdentifier, safeUri } from '../../../main/core/seda';
import type { ObjectInput } from '../../../main/core/seda';
import type { FileRole } from '../../../main/contract/types';
import { transfer } from './fixtures';
import { xmllintValidate } from './xmllint';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-pkg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function vaultFile(id: string, fileName: string, content: Buffer, role: FileRole): { o: ObjectInput; src: string } {
  const src = path.join(tmp, `vault-${id}`);
  writeFileSync(src, content);
  return {
    src,
    o: {
      id,
      fileName,
      uri: safeUri(id, fileName),
      size: content.length,
      role,
      digest: { algorithm: 'sha256', hex: createHash('sha256').update(content).digest('hex') },
      format: { mimeType: 'application/pdf', formatId: 'fmt/276' },
    },
  };
}

function act() {
  const files = [
    vaultFile('a1', 'DE_2024_045 vote du budget.pdf', Buffer.from('%PDF-1.7 acte'), 'act'),
    vaultFile('a2', 'Annexe 1 – plan.pdf', Buffer.from('%PDF-1.7 annexe'), 'annex'),
    vaultFile('a3', 'DE_2024_045.pdf.p7s', Buffer.from([0x30, 0x82, 1, 2]), 'signature'),
  ];
  const input = transfer(
    actUnit(
      { nature: 'DE', number: '2024_045', date: '2024-03-12', objet: 'Vote du budget', classification: '7.1' },
      files.map((f) => f.o),
    ),
  );
  return { input, files, sources: new Map(files.map((f) => [f.o.id, f.src])) };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('buildPackage', () => {
  test('as@lae: bordereau.xml + archive.tar.gz with members at the Uri paths', async () => {
    const { input, files, sources } = act();
    const dir = path.join(tmp, 'asalae');
    const p = await buildPackage(input, sources, { target: 'asalae', sedaVersion: '2.1', stagingDir: dir });
    expect(p).toMatchObject({
      messageIdentifier: input.messageIdentifier,
      transferringAgency: 'COMMUNE_EXEMPLE',
      sedaVersion: '2.1',
    });
    expect(p.sipPath).toBeUndefined();
    expect(xmllintValidate([p.bordereauPath], '2.1').get(p.bordereauPath)).toBe(true);
    const list = spawnSync('tar', ['-tzf', p.attachmentsPath!], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    expect(list).toEqual(files.map((f) => f.o.uri).sort());
    const x = path.join(tmp, 'x-asalae');
    spawnSync('mkdir', ['-p', x]);
    expect(spawnSync('tar', ['-xzf', p.attachmentsPath!, '-C', x]).status).toBe(0);
    for (const f of files) expect(sha(readFileSync(path.join(x, f.o.uri)))).toBe(f.o.digest.hex);
    expect(p.totalBytes).toBe(readFileSync(p.attachmentsPath!).length);
    const bordereau = readFileSync(p.bordereauPath, 'utf8');
    for (const f of files) expect(bordereau).toContain(`<Uri>${f.o.uri}</Uri>`);
  });

  test('Vitam: one zip with manifest.xml at the root and content/', async () => {
    const { input, files, sources } = act();
    input.digestStyle = 'vitam';
    const dir = path.join(tmp, 'vitam');
    const p = await buildPackage(input, sources, { target: 'vitam', sedaVersion: '2.2', stagingDir: dir });
    expect(p.attachmentsPath).toBeUndefined();
    const x = path.join(tmp, 'x-vitam');
    expect(spawnSync('unzip', ['-q', p.sipPath!, '-d', x]).status).toBe(0);
    expect(readdirSync(x).sort()).toEqual(['content', 'manifest.xml']);
    const manifest = path.join(x, 'manifest.xml');
    expect(readFileSync(manifest, 'utf8')).toBe(readFileSync(p.bordereauPath, 'utf8'));
    expect(xmllintValidate([manifest], '2.2').get(manifest)).toBe(true);
    for (const f of files) expect(sha(readFileSync(path.join(x, f.o.uri)))).toBe(f.o.digest.hex);
  });

  test('a vault copy that changed is refused in French and leaves no package', async () => {
    const { input, files, sources } = act();
    writeFileSync(files[1]!.src, Buffer.from('%PDF-1.7 ANNEXE')); // same size, other bytes
    for (const target of ['asalae', 'vitam'] as const) {
      const dir = path.join(tmp, `bad-${target}`);
      await expect(buildPackage(input, sources, { target, sedaVersion: '2.1', stagingDir: dir })).rejects.toThrow(
        /L’empreinte du fichier « Annexe 1 – plan.pdf » dans le coffre ne correspond plus/,
      );
      expect(existsSync(path.join(dir, target === 'asalae' ? 'archive.tar.gz' : 'sip.zip'))).toBe(false);
    }
    const missing = new Map(sources);
    missing.delete('a3');
    await expect(
      buildPackage(input, missing, { target: 'asalae', sedaVersion: '2.1', stagingDir: path.join(tmp, 'm') }),
    ).rejects.toThrow(PackageError);
  });

  test('streams a 300 MiB file without holding it in memory', async () => {
    const size = 300 * 1024 * 1024;
    const src = path.join(tmp, 'big.bin');
    const fd = openSync(src, 'w');
    writeSync(fd, Buffer.from('%PDF-1.4 début'), 0, 14, 0);
    ftruncateSync(fd, size); // sparse: the disk stays small
    closeSync(fd);
    // Digest of the same bytes, computed by streaming.
    const h = createHash('sha256');
    const fd2 = openSync(src, 'r');
    const buf = Buffer.alloc(8 * 1024 * 1024);
    for (let pos = 0; pos < size;) {
      const n = (await import('node:fs')).readSync(fd2, buf, 0, buf.length, pos);
      h.update(buf.subarray(0, n));
      pos += n;
    }
    closeSync(fd2);
    const o: ObjectInput = {
      id: 'big',
      fileName: 'registre 1998.pdf',
      uri: safeUri('big', 'registre 1998.pdf'),
      size,
      role: 'act',
      digest: { algorithm: 'sha256', hex: h.digest('hex') },
      format: { mimeType: 'application/pdf', formatId: 'fmt/18' },
    };
    const input = transfer({ title: 'Registre 1998', descriptionLevel: 'Item', children: [], objects: [o] });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const p = await buildPackage(input, new Map([['big', src]]), {
      target: 'vitam',
      sedaVersion: '2.2',
      stagingDir: path.join(tmp, 'big'),
    });
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(p.totalBytes).toBeGreaterThan(size);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    rmSync(path.join(tmp, 'big'), { recursive: true, force: true });
  }, 60_000);

  test('generateMessageIdentifier: stable format, unique', () => {
    const a = generateMessageIdentifier('213502388', new Date('2024-03-15T10:00:00Z'));
    expect(a).toMatch(/^SCEAU_213502388_20240315_[0-9A-F]{12}$/);
    expect(generateMessageIdentifier('Mairie de Saint-Médard')).toMatch(
      /^SCEAU_MAIRIE-DE-SAINT-MEDARD_\d{8}_[0-9A-F]{12}$/,
    );
    expect(new Set(Array.from({ length: 1000 }, () => generateMessageIdentifier('x'))).size).toBe(1000);
  });
});
