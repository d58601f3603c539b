import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, openAppLogger, REDACTED } from '../../../main/core/logging';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'sceau-log-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function allLogText(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('logger redaction', () => {
  it('never writes secrets to the log files', () => {
    const dataDir = tmp();
    const log = openAppLogger(dataDir, { level: 'debug' });
    const registered = 'Tr0ub4dor&3-commune';
    const p12 = 'pkcs12-passphrase-XYZ';
    log.registerSecret(registered);
    log.registerSecret(p12);
    const basic = Buffer.from('mairie:S3cretBasic!').toString('base64');
    log.info('connexion', {
      password: 'hunter2-secret',
      login: 'mairie',
      headers: { Authorization: `Basic ${basic}` },
    });
    log.warn(`échec HTTP 401 Authorization: Bearer abcdef123456.tokenvalue envoyé`);
    log.error(`url https://mairie:PlainUrlPass@archive.example.fr/api refusée`);
    log.info(`mot de passe saisi: ${registered} (len)`, { detail: `p12=${p12}` });
    log.info('form body password=FormSecret99&user=x');
    log.info('json {"token":"tok-ABCDEFG","apiKey":"ak-12345678"}');
    log.info('objet', { pkcs12Passphrase: p12, nested: { clientSecret: 'nested-secret-1' }, hasPassword: true });
    log.error('erreur', { error: new Error(`mot ${registered} dans une pile`) });
    log.info(`-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----`);
    log.close();

    const text = allLogText(join(dataDir, 'logs'));
    for (const secret of [
      'hunter2-secret',
      basic,
      'S3cretBasic',
      'abcdef123456.tokenvalue',
      'PlainUrlPass',
      registered,
      Buffer.from(registered).toString('base64'),
      p12,
      'FormSecret99',
      'tok-ABCDEFG',
      'ak-12345678',
      'nested-secret-1',
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    ]) {
      expect(text, `secret leaked: ${secret}`).not.toContain(secret);
    }
    // What is not secret stays useful.
    expect(text).toContain('connexion');
    expect(text).toContain('"login":"mairie"');
    expect(text).toContain('archive.example.fr/api');
    expect(text).toContain('"hasPassword":true');
    expect(text).toContain(REDACTED);
    // JSON lines, one record per line.
    for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('rotates by size and keeps a bounded number of files', () => {
    const dir = tmp();
    const log = createLogger({ file: { dir, maxBytes: 4096, maxFiles: 3, format: 'plain' } });
    for (let i = 0; i < 400; i++) log.info(`ligne ${i} ${'x'.repeat(60)}`);
    log.close();
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['sceau.1.log', 'sceau.2.log', 'sceau.log']);
    for (const f of files) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(4096);
    expect(readFileSync(join(dir, 'sceau.log'), 'utf8')).toContain('ligne 399');
    expect(allLogText(dir)).not.toContain('ligne 0 ');
  });

  it('filters by level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', sinks: [(r) => lines.push(`${r.level}:${r.msg}`)] });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.child({ module: 'sync' }).error('e');
    expect(lines).toEqual(['warn:w', 'error:e']);
  });
});
