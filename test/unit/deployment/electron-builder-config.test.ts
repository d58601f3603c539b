// Validates electron-builder.yml against electron-builder's own JSON schema, plus the
// settings the deployment guide promises (fuses, asar, targets).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..', '..');

interface AjvInstance {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null };
}
const Ajv = (require('ajv') as { default: new (o: object) => AjvInstance }).default;
const yaml = require('js-yaml') as { load(text: string): unknown };

type Config = Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  win: { target: { target: string }[] };
  linux: { target: { target: string }[] };
  mac: { target: { target: string }[] };
  nsis: Record<string, unknown>;
  asarUnpack: string[];
  publish: { provider: string; url: string }[];
};

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it("validates against app-builder-lib's scheme.json", () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    // The schema must really be checking: a wrong type is caught.
    expect(validate({ ...config, asar: 'oui' })).toBe(false);
  });

  it('keeps the promised identity, fuses and targets', () => {
    expect(config.appId).toBe('fr.sceau.app');
    expect(config.productName).toBe('Sceau');
    expect((config.directories as { output: string }).output).toBe('release');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    for (const native of ['better-sqlite3', '@parcel/watcher', '@napi-rs/keyring']) {
      expect(config.asarUnpack.some((p) => p.includes(native))).toBe(true);
    }
    expect(config.asarUnpack).toContain('assets/seda/**');
    expect(config.win.target.map((t) => t.target).sort()).toEqual(['msi', 'nsis']);
    expect(config.linux.target.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.perMachine).toBe(false);
    expect(config.nsis.allowElevation).toBe(true);
    expect(config.fileAssociations).toEqual([]);
    expect(config.protocols).toEqual([]);
    expect(config.publish[0]?.provider).toBe('generic');
  });

  it('points at icons that exist', () => {
    for (const icon of [
      'assets/icons/icon.ico',
      'assets/icons/icon-512.png',
      'assets/icons/png/256x256.png',
      'assets/icons/png/512x512.png',
    ]) {
      expect(readFileSync(join(root, icon)).length, icon).toBeGreaterThan(100);
    }
  });
});
