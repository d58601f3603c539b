// Archive-side profile settings kept in the profile's `options` JSON (no schema change):
// the Vitam access contract, the as@lae piece size and the management metadata. The admin
// policy may impose them (`archiveProfile`): imposed values win at use and cannot be edited.
import type { ManagementSettings } from '../../contract/types';
import { UserError } from '../api/dispatch';
import type { LoadedPolicy } from '../policy';
import type { Profile, ProfileInput } from '../store/profiles';

export interface ProfileArchiveOptions {
  vitamAccessContract?: string;
  asalaeChunkBytes?: number;
  management: ManagementSettings;
  /** The archive's SEDA profile (RelaxNG), checked by the pre-flight. */
  sedaProfileRng?: string;
}

const KEYS = ['vitamAccessContract', 'asalaeChunkBytes', 'management', 'sedaProfileRng'] as const;
type Key = (typeof KEYS)[number];

const LOCK_REASON = 'Ce réglage de l’archive est fixé par votre service informatique.';

/** The values the profile has stored (policy not applied). */
export function storedArchiveOptions(p: Pick<Profile, 'options'>): ProfileArchiveOptions {
  const o = p.options ?? {};
  const management = o.management && typeof o.management === 'object' ? (o.management as ManagementSettings) : {};
  return {
    ...(typeof o.vitamAccessContract === 'string' && o.vitamAccessContract
      ? { vitamAccessContract: o.vitamAccessContract }
      : {}),
    ...(typeof o.asalaeChunkBytes === 'number' ? { asalaeChunkBytes: o.asalaeChunkBytes } : {}),
    management,
    ...(typeof o.sedaProfileRng === 'string' && o.sedaProfileRng ? { sedaProfileRng: o.sedaProfileRng } : {}),
  };
}

/** What applies: the policy's imposed values over the profile's. */
export function archiveOptions(p: Pick<Profile, 'options'>, policy?: LoadedPolicy): ProfileArchiveOptions {
  const own = storedArchiveOptions(p);
  const imposed = policy?.values.archiveProfile;
  return {
    ...own,
    ...(imposed?.vitamAccessContract !== undefined ? { vitamAccessContract: imposed.vitamAccessContract } : {}),
    ...(imposed?.management ? { management: imposed.management } : {}),
  };
}

/**
 * Moves the contract's top-level archive settings into `options` (a profile input or a
 * merged current+patch); refuses a change to a value the policy imposes.
 */
export function foldArchiveOptions<T extends ProfileInput>(
  input: T & Partial<Record<Key, unknown>>,
  policy?: LoadedPolicy,
  current?: Pick<Profile, 'options'>,
): T {
  const out: Record<string, unknown> = { ...input };
  const options: Record<string, unknown> = { ...(input.options ?? {}) };
  const imposed = policy?.values.archiveProfile;
  for (const k of KEYS) {
    if (!(k in out)) continue;
    const v = out[k];
    delete out[k];
    if (v === undefined) continue;
    const locked = (k === 'vitamAccessContract' || k === 'management') && imposed?.[k] !== undefined;
    const before = current ? storedArchiveOptions(current)[k] : undefined;
    if (
      locked &&
      JSON.stringify(v) !== JSON.stringify(imposed?.[k as 'vitamAccessContract' | 'management']) &&
      JSON.stringify(v) !== JSON.stringify(before)
    )
      throw new UserError(`Modification refusée : ${k} est verrouillé. ${LOCK_REASON}`, 'locked');
    if (v === '' || (typeof v === 'object' && v !== null && Object.keys(v).length === 0)) delete options[k];
    else options[k] = v;
  }
  return { ...(out as T), options };
}
