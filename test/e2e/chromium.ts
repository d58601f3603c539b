// Playwright's own browser download is impossible here: use Debian's Chromium when
// Playwright's build is absent. The flags keep Chromium off the (closed) network.
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export function chromiumExecutable(): string | undefined {
  if (process.env.SCEAU_CHROMIUM) return process.env.SCEAU_CHROMIUM;
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return undefined;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = chromiumExecutable();
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // French date and time fields, as the secretaries see them.
      '--lang=fr-FR',
    ],
    // On Linux, Chromium takes its interface locale (which formats time fields) from the
    // environment, and needs Debian's chromium-l10n for it.
    env: { ...process.env, LANGUAGE: 'fr' },
  };
}
