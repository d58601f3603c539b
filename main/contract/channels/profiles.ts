// Communes (profiles): who deposits, to which archive, with which account.
import { z } from 'zod';
import type { ArchiveKind, SedaVersion } from '../types';
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
  createdAt: string;
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
