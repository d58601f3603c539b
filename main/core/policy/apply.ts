// Enforcement helpers the handlers call: a locked key cannot change through the API, an
// endpoint outside the allowed list is refused, a SIREN outside the list cannot get a profile.
import type { SettingsLocks } from '../app/settings';
import type { LoadedPolicy } from './load';
import type { PolicyValues } from './schema';

export interface PolicyDecision {
  allowed: boolean;
  refusedKeys: string[];
  message?: string;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Settings the policy imposes, shaped like a settings patch (main/contract/api.ts). */
export function policySettings(policy: LoadedPolicy): SettingsLocks['values'] {
  const v: PolicyValues = policy.values;
  const out: SettingsLocks['values'] = {};
  if (v.bandwidth?.limitKbps !== undefined) out.bandwidthLimitKbps = v.bandwidth.limitKbps;
  if (v.bandwidth?.officeHours) out.officeHours = v.bandwidth.officeHours;
  if (v.bandwidth?.nightWindow) out.nightWindow = v.bandwidth.nightWindow;
  if (v.startAtLogin !== undefined) out.startAtLogin = v.startAtLogin;
  if (v.tsaUrl !== undefined) out.tsaUrl = v.tsaUrl;
  if (v.tsaCertPem !== undefined) out.tsaCertPem = v.tsaCertPem;
  if (v.tsaPolicyOid !== undefined) out.tsaPolicyOid = v.tsaPolicyOid;
  if (v.tsaQualified !== undefined) out.tsaQualified = v.tsaQualified;
  if (v.proxy) out.proxy = v.proxy;
  return out;
}

/**
 * Checks a settings patch against the policy. A locked key is refused unless the patch
 * carries exactly the imposed value (a form resubmitting everything must still work).
 */
export function applyPolicy(settingsPatch: Record<string, unknown>, policy: LoadedPolicy): PolicyDecision {
  const imposed: Record<string, unknown> = policySettings(policy);
  const refusedKeys = Object.keys(settingsPatch).filter((key) => {
    if (settingsPatch[key] === undefined || !(key in policy.locked)) return false;
    return !(key in imposed && sameValue(imposed[key], settingsPatch[key]));
  });
  if (refusedKeys.length === 0) return { allowed: true, refusedKeys };
  const reasons = [...new Set(refusedKeys.map((k) => policy.locked[k]))].join(' ');
  return {
    allowed: false,
    refusedKeys,
    message: `Modification refusée : ${refusedKeys.join(', ')} ${refusedKeys.length > 1 ? 'sont verrouillés' : 'est verrouillé'}. ${reasons}`,
  };
}

function normalise(url: string): URL | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return u;
  } catch {
    return null;
  }
}

/** Prefix match on origin and path segments; no allowed list = any endpoint. */
export function isEndpointAllowed(url: string, policy: LoadedPolicy): boolean {
  const target = normalise(url);
  if (!target) return false;
  if (target.username || target.password) return false; // credentials never travel in URLs
  const allowed = policy.values.allowedEndpoints;
  if (allowed === undefined) return !policy.safeMode;
  return allowed.some((entry) => {
    const base = normalise(entry);
    if (!base || base.origin !== target.origin) return false;
    const prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
    return base.pathname === '/' || target.pathname === base.pathname || target.pathname.startsWith(prefix);
  });
}

export function isSirenAllowed(siren: string, policy: LoadedPolicy): boolean {
  const allowed = policy.values.allowedSirens;
  if (allowed === undefined) return !policy.safeMode;
  return allowed.includes(siren);
}

/** SPKI pins the policy imposes for this URL's origin, or null. */
export function policyPinsFor(url: string, policy: LoadedPolicy): string[] | null {
  const target = normalise(url);
  if (!target || !policy.values.tlsPins) return null;
  for (const [entry, pins] of Object.entries(policy.values.tlsPins)) {
    if (normalise(entry)?.origin === target.origin) return pins;
  }
  return null;
}

/** French refusal for a profile draft, or null when the policy allows it. */
export function checkProfileAgainstPolicy(
  draft: { siren?: string; archiveKind?: string; endpoints?: { url: string }[] },
  policy: LoadedPolicy,
): string | null {
  if (policy.safeMode) return `Création ou modification de profil impossible : ${policy.error ?? 'politique invalide'}`;
  if (draft.siren !== undefined && !isSirenAllowed(draft.siren, policy)) {
    return `Le SIREN ${draft.siren} n’est pas autorisé sur ce poste par votre service informatique.`;
  }
  for (const endpoint of draft.endpoints ?? []) {
    if (!isEndpointAllowed(endpoint.url, policy)) {
      return `L’adresse ${endpoint.url} n’est pas autorisée par votre service informatique.`;
    }
  }
  return null;
}

/** What the engine's Settings takes (`EngineOptions.locks`): imposed values, locked keys, error. */
export function settingsLocks(policy: LoadedPolicy): SettingsLocks {
  return { values: policySettings(policy), locked: { ...policy.locked }, error: policy.error };
}
