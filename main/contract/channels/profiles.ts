// Communes (profiles): who deposits, to which archive, with which account.
import { z } from 'zod';
import type { ArchiveKind, ManagementSettings, SedaVersion } from '../types';
import { id, empty, profileInputSchema, profilePatchSchema, type userRuleSchema } from '../schemas';

export const profileChannels = {
  listProfiles: empty,
  createProfile: z.object({ profile: profileInputSchema, password: z.string().max(1000).optional() }).strict(),
  updateProfile: z.object({ id, profile: profilePatchSchema, password: z.string().max(1000).optional() }).strict(),
  removeProfile: z.object({ id }).strict(),
  testConnection: z
    .object({
      profileId: id.optional(),
      draft: profileInputSchema.optional(),
      password: z.string().max(1000).optional(),
    })
    .strict(),
} as const;

export interface ProfileView {
  id: string;
  name: string;
  siren: string;
  archiveKind: ArchiveKind;
  endpoints: { url: string; label?: string }[];
  sedaVersion: SedaVersion;
  archivalAgencyId: string;
  transferringAgencyId: string;
  originatingAgencyId: string;
  submissionAgencyId: string;
  archivalAgreement: string;
  archivalProfile: string;
  vitamTenant?: number;
  vitamContext?: string;
  login: string;
  /** Whether a password is stored in the keychain; the password itself never crosses. */
  hasPassword: boolean;
  tls: { caPem?: string; spkiPins?: string[] };
  rules: z.infer<typeof userRuleSchema>[];
  vitamAccessContract?: string;
  asalaeChunkBytes?: number;
  management: ManagementSettings;
  /** Size in bytes of the archive's SEDA profile (RelaxNG) the bordereaux are checked against. */
  sedaProfileBytes?: number;
  createdAt: string;
  /** What waits in this commune, for the commune selector (« 3 à compléter »). */
  pending: PendingCounts;
}

/** Documents of a commune or folder that still need something (the user, or the archive). */
export interface PendingCounts {
  /** À compléter. */
  needsMetadata: number;
  /** Prêts à verser. */
  ready: number;
  /** Envoi en échec. */
  failed: number;
  /** Refusés par l’archive. */
  rejected: number;
  /** En attente d’envoi (file d’attente, hors ligne compris) ou en cours d’envoi. */
  queued: number;
  /** Envoyés, en attente de la réponse de l’archive. */
  awaitingReply: number;
  /** The sum of the above. */
  total: number;
}

export interface ConnectionCheckView {
  reachable: boolean;
  authenticated: boolean;
  serverVersion?: string;
  message: string;
}

export interface ProfileResponses {
  listProfiles: ProfileView[];
  createProfile: ProfileView;
  updateProfile: ProfileView;
  removeProfile: { removed: boolean };
  testConnection: ConnectionCheckView;
}
