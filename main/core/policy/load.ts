// Loads the administrator's policy (system file, then Windows registry on top, then an
// optional SCEAU_POLICY_FILE that may only add locks). An invalid policy
// never opens anything: every lockable key is locked and no archive endpoint is allowed,
// until the IT staff fix the file (the French error is shown in Settings and in the log).
import { existsSync, readFileSync } from 'node:fs';
import { systemPolicyPath } from '../paths';
import { readRegistryPolicy } from './registry';
import { LOCKS, ALL_LOCKABLE_KEYS, policySchema, type PolicyValues } from './schema';

export interface LoadedPolicy {
  /** Where it came from, for Settings and the diagnostic report. */
  sources: string[];
  values: PolicyValues;
  /** Locked key → French reason shown next to the disabled control. */
  locked: Record<string, string>;
  /** French message when the policy could not be read or is invalid; then `safeMode`. */
  error: string | null;
  /** True when the policy was invalid: everything locked, no endpoint allowed. */
  safeMode: boolean;
}

export const NO_POLICY: LoadedPolicy = Object.freeze({
  sources: [],
  values: {},
  locked: {},
  error: null,
  safeMode: false,
});

const SAFE_REASON =
  'La politique de votre service informatique est invalide : ce réglage est verrouillé par précaution.';

/** What an invalid policy falls back to: nothing opened, everything locked. */
export function safePolicy(error: string, sources: string[] = []): LoadedPolicy {
  const locked: Record<string, string> = {};
  for (const key of ALL_LOCKABLE_KEYS) locked[key] = SAFE_REASON;
  return {
    sources,
    values: {
      allowedEndpoints: [],
      allowedSirens: [],
      updates: { enabled: false },
      telemetry: false,
      startAtLogin: false,
    },
    locked,
    error,
    safeMode: true,
  };
}

/** Validates a parsed object; pure, used by the file and registry loaders and by tests. */
export function policyFromObject(raw: unknown, sources: string[]): LoadedPolicy {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => {
      const where = i.path.length > 0 ? i.path.join('.') : 'racine';
      if (i.code === 'unrecognized_keys')
        return `clé(s) inconnue(s) ${i.keys.map((k) => `« ${k} »`).join(', ')}${i.path.length ? ` dans ${where}` : ''}`;
      return `${where} : ${i.message}`;
    });
    return safePolicy(`Politique d’administration invalide (${sources.join(', ')}) : ${issues.join(' ; ')}.`, sources);
  }
  const values = parsed.data;
  const locked: Record<string, string> = {};
  for (const [policyKey, lock] of Object.entries(LOCKS)) {
    if (values[policyKey as keyof PolicyValues] === undefined) continue;
    for (const key of lock.keys) locked[key] = lock.reason;
  }
  return { sources, values, locked, error: null, safeMode: false };
}

export interface LoadPolicyOptions {
  /** The system policy file; defaults to the system location (/etc/sceau, ProgramData…). */
  filePath?: string;
  /**
   * An extra policy file that may only ADD locks (keys the system policy leaves free); it can
   * never replace or remove the system's. Defaults to env SCEAU_POLICY_FILE.
   */
  overrideFile?: string;
  /** Read HKLM\Software\Policies\Sceau (Windows only); true by default, whatever the override. */
  registry?: boolean;
}

type FileRead = { raw: Record<string, unknown> | null; error: string | null };

function readPolicyFile(filePath: string): FileRead {
  if (!existsSync(filePath)) return { raw: null, error: null };
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8').replace(/^\uFEFF/, ''); // Notepad writes a BOM
  } catch (error) {
    return { raw: null, error: `Politique d’administration illisible (${filePath}) : ${(error as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      raw: null,
      error: `Politique d’administration illisible (${filePath}) : JSON invalide — ${(error as Error).message}`,
    };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { raw: null, error: `Politique d’administration invalide (${filePath}) : un objet JSON est attendu.` };
  return { raw: { ...(raw as Record<string, unknown>) }, error: null };
}

/**
 * The system policy (file, then Group Policy on top) always applies. SCEAU_POLICY_FILE only
 * adds locks: a key the system sets keeps the system's value, and an override that would
 * turn updates on (towards an address of its choosing) is ignored. Anything unreadable locks
 * everything (safe mode), the override included: a broken file never unlocks.
 */
export function loadPolicy(options: LoadPolicyOptions = {}): LoadedPolicy {
  const filePath = options.filePath ?? systemPolicyPath();
  const sources: string[] = [];
  let merged: Record<string, unknown> | null = null;

  const system = readPolicyFile(filePath);
  if (existsSync(filePath)) sources.push(filePath);
  if (system.error) return safePolicy(system.error, sources);
  if (system.raw) merged = system.raw;

  if (options.registry ?? true) {
    const registry = readRegistryPolicy();
    if (registry.error) return safePolicy(registry.error, [...sources, 'registre']);
    if (registry.tree) {
      sources.push('HKLM\\Software\\Policies\\Sceau');
      // Group Policy wins over the file, key by key.
      merged = { ...(merged ?? {}), ...registry.tree };
    }
  }

  const overridePath = options.overrideFile ?? process.env.SCEAU_POLICY_FILE;
  if (overridePath && overridePath.length > 0 && overridePath !== filePath) {
    const extra = readPolicyFile(overridePath);
    if (existsSync(overridePath)) sources.push(`${overridePath} (verrous ajoutés)`);
    if (extra.error) return safePolicy(extra.error, sources);
    if (extra.raw) {
      const base: Record<string, unknown> = merged ?? {};
      for (const [key, value] of Object.entries(extra.raw)) {
        if (base[key] !== undefined) continue; // the system's value stays
        if (key === 'updates' && (value as { enabled?: unknown } | null)?.enabled !== false) continue;
        base[key] = value;
      }
      merged = base;
    }
  }

  if (merged === null) return NO_POLICY;
  return policyFromObject(merged, sources);
}
