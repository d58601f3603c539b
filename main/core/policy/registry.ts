// Group Policy on Windows: HKLM\Software\Policies\Sceau. Read with reg.exe (no native
// module to ship). Each value is a policy key; subkeys are nested objects:
//   startAtLogin     REG_DWORD     0x0            → false (for boolean keys)
//   allowedEndpoints REG_MULTI_SZ  https://a\0https://b
//   allowedSirens    REG_SZ        ["212900000"]  (JSON text is parsed)
//   updates\enabled  REG_DWORD     0x1
import { execFileSync } from 'node:child_process';

export const POLICY_REGISTRY_KEY = 'HKLM\\Software\\Policies\\Sceau';

/** Dotted paths whose DWORD 0/1 means false/true. */
const BOOLEAN_PATHS = new Set([
  'startAtLogin',
  'telemetry',
  'updates.enabled',
  'updates.autoDownload',
  'bandwidth.officeHours.enabled',
]);

type Tree = Record<string, unknown>;

function convert(path: string, type: string, raw: string): unknown {
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    const n = Number.parseInt(raw, raw.toLowerCase().startsWith('0x') ? 16 : 10);
    return BOOLEAN_PATHS.has(path) ? n !== 0 : n;
  }
  if (type === 'REG_MULTI_SZ') return raw.length === 0 ? [] : raw.split('\\0').filter((s) => s.length > 0);
  const text = raw.trim();
  if (text.startsWith('[') || text.startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return raw; // left as text: the schema will reject it with a clear message
    }
  }
  return raw;
}

/** Parses the output of `reg query <key> /s` into a nested object (pure, tested anywhere). */
export function parseRegQuery(output: string, rootKey = POLICY_REGISTRY_KEY): Tree | null {
  const root: Tree = {};
  let current: Tree | null = null;
  let currentPrefix = '';
  let found = false;
  const rootNorm = rootKey.toLowerCase().replace(/^hklm\\/, 'hkey_local_machine\\');
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      const keyNorm = line.trim().toLowerCase();
      if (!keyNorm.startsWith(rootNorm)) {
        current = null;
        continue;
      }
      found = true;
      const sub = line.trim().slice(rootNorm.length).replace(/^\\/, '');
      const parts = sub.length > 0 ? sub.split('\\') : [];
      current = root;
      for (const part of parts) {
        const next = current[part];
        current = (next && typeof next === 'object' && !Array.isArray(next) ? next : (current[part] = {})) as Tree;
      }
      currentPrefix = parts.join('.');
      continue;
    }
    const m = /^\s+(.+?)\s{4}(REG_[A-Z_]+)(?:\s{4}(.*))?$/.exec(line);
    if (!m || !current) continue;
    const [, name = '', type = '', raw = ''] = m;
    if (name === '(Default)' || name === '(par défaut)') continue;
    const path = currentPrefix ? `${currentPrefix}.${name}` : name;
    current[name] = convert(path, type, raw);
  }
  return found ? root : null;
}

/** Runs reg.exe on Windows (synchronously: read once at start-up, a few ms). */
export function readRegistryPolicy(timeoutMs = 5000): { tree: Tree | null; error: string | null } {
  if (process.platform !== 'win32') return { tree: null, error: null };
  try {
    const stdout = execFileSync('reg.exe', ['query', POLICY_REGISTRY_KEY, '/s'], {
      timeout: timeoutMs,
      windowsHide: true,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { tree: parseRegQuery(stdout), error: null };
  } catch (error) {
    // Exit status 1 = key absent: no registry policy, which is the normal case.
    if ((error as { status?: unknown }).status === 1) return { tree: null, error: null };
    return {
      tree: null,
      error: `Lecture du registre impossible (${POLICY_REGISTRY_KEY}) : ${(error as Error).message}`,
    };
  }
}
