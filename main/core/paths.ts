// Where Sceau keeps its data per OS. The desktop app and the CLI must agree, so both call
// this instead of the desktop shell's app.getPath('userData') (same folder: "<appData>/Sceau").
import { homedir } from 'node:os';
import { join, win32, posix } from 'node:path';

export const APP_DIR_NAME = 'Sceau';

export interface PlatformContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

function currentContext(): PlatformContext {
  return { platform: process.platform, env: process.env, home: homedir() };
}

/** Default user data folder, identical to the desktop shell's userData for productName "Sceau". */
export function defaultDataDir(ctx: PlatformContext = currentContext()): string {
  const { platform, env, home } = ctx;
  if (platform === 'win32') {
    const appData = env.APPDATA && env.APPDATA.length > 0 ? env.APPDATA : win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, APP_DIR_NAME);
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  const xdg = env.XDG_CONFIG_HOME;
  // XDG says a relative value must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : posix.join(home, '.config');
  return posix.join(base, APP_DIR_NAME);
}

/** System-wide policy file location (written by the IT staff, read-only for users). */
export function systemPolicyPath(ctx: PlatformContext = currentContext()): string {
  const { platform, env } = ctx;
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return win32.join(programData, APP_DIR_NAME, 'policy.json');
  }
  if (platform === 'darwin') return posix.join('/Library', 'Application Support', APP_DIR_NAME, 'policy.json');
  return posix.join('/etc', 'sceau', 'policy.json');
}

export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}
