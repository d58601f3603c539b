// Loads the administrator's policy (file, then Windows registry on top). An invalid policy
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
  /** Defaults to env SCEAU_POLICY_FILE, then the system location. */
  filePath?: string;
  /** Defaults to reading HKLM\Software\Policies\Sceau on Windows (unless a file is forced). */
  registry?: boolean;
}

export function loadPolicy(options: LoadPolicyOptions = {}): LoadedPolicy {
  const forced = options.filePath ?? process.env.SCEAU_POLICY_FILE;
  const filePath = forced && forced.length > 0 ? forced : systemPolicyPath();
  const useRegistry = options.registry ?? !forced;
  let merged: Record<string, unknown> | null = null;
  const sources: string[] = [];

  if (existsSync(filePath)) {
    sources.push(filePath);
    let text: string;
    try {
      text = readFileSync(filePath, 'utf8').replace(/^\uFEFF/, ''); // Notepad writes a BOM
    } catch (error) {
      return safePolicy(`Politique d’administration illisible (${filePath}) : ${(error as Error).message}`, sources);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return safePolicy(
        `Politique d’administration illisible (${filePath}) : JSON invalide — ${(error as Error).message}`,
        sources,
      );
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return safePolicy(`Politique d’administration invalide (${filePath}) : un objet JSON est attendu.`, sources);
    }
    merged = { ...(raw as Record<string, unknown>) };
  }

  if (useRegistry) {
    const registry = readRegistryPolicy();
    if (registry.error) return safePolicy(registry.error, [...sources, 'registre']);
    if (registry.tree) {
      sources.push('HKLM\\Software\\Policies\\Sceau');
      // Group Policy wins over the file, key by key.
      merged = { ...(merged ?? {}), ...registry.tree };
    }
  }

  if (merged === null) return NO_POLICY;
  return policyFromObject(merged, sources);
}
