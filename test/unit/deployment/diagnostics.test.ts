import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { afterEach, describe, expect, it } from 'vitest';
import { exportDiagnostics } from '../../../main/core/diagnostics';
import { openAppLogger } from '../../../main/core/logging';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function readZip(path: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('diagnostic report', () => {
  it('zips logs, versions and anonymised settings without secrets', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sceau-diag-'));
    dirs.push(dataDir);
    const log = openAppLogger(dataDir);
    log.info('démarrage', { version: '0.1.0' });
    log.close();
    const path = await exportDiagnostics({
      dataDir,
      appVersion: '0.1.0',
      hostVersions: { shell: '45.5.0', engine: '142.0.0' },
      settings: {
        theme: 'dark',
        proxy: { mode: 'manual', url: 'http://agent:ProxyPass1@proxy.cc.fr:3128', username: 'agent' },
      },
      profiles: [
        {
          name: 'Mairie de Plouzané',
          siren: '212900351',
          login: 'j.dupont@plouzane.fr',
          tls: { caPem: '-----BEGIN CERTIFICATE-----x', spkiPins: ['a', 'b'] },
          password: 'ProfilePass9',
        },
      ],
      extra: { folder: '/home/jdupont/Mairie/Délibérations' },
      policy: { sources: ['/etc/sceau/policy.json'], locked: { startAtLogin: 'verrouillé' }, error: null },
    });
    const entries = await readZip(path);
    expect([...entries.keys()].sort()).toEqual([
      'LISEZMOI.txt',
      'environnement.json',
      'journaux/sceau.log',
      'politique.json',
      'profils.json',
      'reglages.json',
      'versions.json',
    ]);
    const versions = JSON.parse(entries.get('versions.json') ?? '{}') as {
      node: string;
      app: string;
      host: Record<string, string>;
    };
    expect(versions.node).toBe(process.versions.node);
    expect(versions.app).toBe('0.1.0');
    expect(versions.host).toEqual({ shell: '45.5.0', engine: '142.0.0' }); // given by the host, never looked up by the core
    const all = [...entries.values()].join('\n');
    for (const leaked of ['ProxyPass1', 'ProfilePass9', 'j.dupont@plouzane.fr', 'jdupont', 'agent'])
      expect(all).not.toContain(leaked);
    expect(entries.get('profils.json')).toContain('212900351'); // SIREN kept on purpose
    expect(entries.get('profils.json')).toContain('[2 empreinte(s)]');
    expect(entries.get('environnement.json')).toContain('…/Délibérations');
    expect(entries.get('journaux/sceau.log')).toContain('démarrage');
  });
});
