// The real web host entry (main/web/host.ts, as `npm start` runs it) hands a single-use launch
// address on the private pipe named by SCEAU_LAUNCH_FD: that address, which scripts/start.mjs
// gives to xdg-open/open/explorer, does not contain the token, and exchanges for it once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { afterAll, expect, test } from 'vitest';
import { bundle } from '../sync/child-process';
import { stopChild } from '../../tools/web-host-process';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sceau-launchfd-'));
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child) await stopChild(child);
  rmSync(dataDir, { recursive: true, force: true });
});

const firstLine = (stream: Readable) =>
  new Promise<string>((resolve) => createInterface({ input: stream }).once('line', resolve));

test('the launch address travels on fd 3, carries no token and works once', async () => {
  const script = await bundle(path.resolve(import.meta.dirname, '../../../main/web/host.ts'));
  child = spawn(process.execPath, [script, '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
    env: { ...process.env, SCEAU_LAUNCH_FD: '3', DBUS_SESSION_BUS_ADDRESS: 'disabled:' },
  });
  const [json, launch] = await Promise.all([firstLine(child.stdout!), firstLine(child.stdio[3] as Readable)]);
  const { token, url } = JSON.parse(json) as { token: string; url: string };
  expect(launch).toMatch(new RegExp(`^${url}launch\\?code=[0-9a-f]{48}$`));
  expect(launch).not.toContain(token);
  const first = await fetch(launch, { redirect: 'manual' });
  expect(first.status).toBe(303);
  expect(first.headers.get('location')).toBe(`/#token=${token}`);
  expect((await fetch(launch, { redirect: 'manual' })).status).toBe(403);
}, 60_000);
