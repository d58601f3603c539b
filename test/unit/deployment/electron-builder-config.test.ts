// Validates electron-builder.yml against electron-builder's own JSON schema, plus the
// settings the deployment guide promises (fuses, asar, targets).
import { execFileSync } from 'node:child_process';
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
  files: string[];
  win: {
    target: { target: string }[];
    verifyUpdateCodeSignature?: boolean;
    signtoolOptions?: { signingHashAlgorithms?: string[]; rfc3161TimeStampServer?: string };
  };
  linux: { target: { target: string }[] };
  mac: { target: { target: string }[]; hardenedRuntime?: boolean; notarize?: boolean };
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
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
      resetAdHocDarwinSignature: true,
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

  it('sets every fuse electron-builder knows, none left to Electron’s default', () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties).sort();
    expect(known).toContain('grantFileProtocolExtraPrivileges');
    expect(Object.keys(config.electronFuses).sort()).toEqual(known);
    // The renderer is served from sceau://, so file:// pages need no extra privileges.
    expect(config.electronFuses.grantFileProtocolExtraPrivileges).toBe(false);
    const protocolSource = readFileSync(join(root, 'main/electron/protocol.ts'), 'utf8');
    expect(protocolSource).toMatch(/registerSchemesAsPrivileged/);
  });

  it('signs with a certificate from the environment only: no key, password or certificate in the repository', () => {
    const secretKeys =
      /^(certificateFile|certificatePassword|certificateSha1|cscLink|cscKeyPassword|password|appleId.*)$/i;
    const walk = (v: unknown, at: string): void => {
      if (v && typeof v === 'object')
        for (const [k, child] of Object.entries(v)) {
          expect(secretKeys.test(k), `${at}.${k}`).toBe(false);
          walk(child, `${at}.${k}`);
        }
    };
    walk(config, 'electron-builder.yml');
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    expect(
      tracked.filter((f) => /\.(pfx|p12|p8|cer|pem|key|mobileprovision)$/i.test(f) && !f.startsWith('test/')),
    ).toEqual([]);
    // Windows: SHA-256 signature with an RFC 3161 countersignature, updates checked against the publisher.
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.win.signtoolOptions?.signingHashAlgorithms).toEqual(['sha256']);
    expect(config.win.signtoolOptions?.rfc3161TimeStampServer).toMatch(/^https?:\/\//);
    // macOS: hardened runtime and notarization (credentials from APPLE_* variables).
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    // The development Node 24 (optional dependency) is not packed into the app.
    expect(config.files).toEqual(
      expect.arrayContaining(['!**/node_modules/node-linux-*/**', '!**/node_modules/node-win-*/**']),
    );
    // The deployment guide names the same variables and says what each platform verifies.
    const guide = readFileSync(join(root, 'docs/deploiement.md'), 'utf8');
    for (const v of ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'CSC_LINK', 'APPLE_API_KEY', 'forceCodeSigning'])
      expect(guide, v).toContain(v);
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
