// The web host's upload suites share these: handlers that only echo (the host is what is
// tested, not the engine), and the inbox's tree, read until it settles.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { CHANNEL_NAMES } from '../../main/contract/api';
import type { Handlers } from '../../main/core/api/dispatch';
import { EventBus } from '../../main/core/events';
import { startWebHost, type WebHost } from '../../main/web/server';

export function echoHandlers(): Handlers {
  const all: Record<string, (r: unknown) => Promise<unknown>> = {};
  for (const c of CHANNEL_NAMES) all[c] = (r) => Promise.resolve({ echo: r });
  return all as unknown as Handlers;
}

/** Every file and folder under the inbox, relative, sorted. */
export function inboxTree(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const rel = `${prefix}${e.name}`;
      return e.isDirectory() ? [`${rel}/`, ...inboxTree(path.join(dir, e.name), `${rel}/`)] : [rel];
    })
    .sort();
}

/** Waits (5 s at most) for the inbox to hold exactly `expected`: clean-ups run after the answer. */
export async function untilInboxTree(dir: string, expected: string[]): Promise<void> {
  const end = Date.now() + 5000;
  while (JSON.stringify(inboxTree(dir)) !== JSON.stringify(expected) && Date.now() < end)
    await new Promise((r) => setTimeout(r, 20));
  expect(inboxTree(dir)).toEqual(expected);
}

/** A web host on these folders whose handlers only echo, uploads capped at `maxUploadBytes`. */
export function startEchoHost(o: { rendererDir: string; inboxDir: string; maxUploadBytes: number }): Promise<WebHost> {
  return startWebHost({
    handlers: echoHandlers(),
    onEvent: (l) => new EventBus().on(l),
    rendererDir: o.rendererDir,
    inboxDir: o.inboxDir,
    resolveExport: () => null,
    maxUploadBytes: o.maxUploadBytes,
  });
}
