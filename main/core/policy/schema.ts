// The administrator's policy: what the IT staff of an intercommunalité presets and locks on
// every PC. Strict: an unknown key is an error (a typo must not silently unlock a setting).
import { z } from 'zod';
import { managementSchema } from '../../contract/api';
import { nightWindowSchema } from '../../contract/schemas';

// An hour that exists (24:00 = end of day): the schedule rules throw on 25:00 or 12:60.
const hhmm = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'heure attendue au format HH:MM (00:00 à 24:00)');
const httpsUrl = z
  .url()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), 'URL http(s) attendue');

export const policySchema = z
  .object({
    /** Informative: lets the IT staff version their file. */
    version: z.number().int().min(1).max(1).optional(),
    /** Archive endpoints the users may deposit to (prefix match on origin + path). */
    allowedEndpoints: z.array(httpsUrl).max(50).optional(),
    /** SPKI pins (base64 SHA-256) per endpoint origin, enforced whatever the profile says. */
    tlsPins: z.record(httpsUrl, z.array(z.string().min(8).max(100)).min(1).max(10)).optional(),
    /** SIRENs of the communes for which profiles may exist on this PC. */
    allowedSirens: z
      .array(z.string().regex(/^\d{9}$/, 'un SIREN comporte 9 chiffres'))
      .max(500)
      .optional(),
    bandwidth: z
      .object({
        limitKbps: z.number().int().min(0).max(10_000_000).nullable().optional(),
        officeHours: z
          .object({
            enabled: z.boolean(),
            start: hhmm,
            end: hhmm,
            limitKbps: z.number().int().min(0).max(10_000_000),
            /** ISO weekdays like the settings: 1 = lundi … 7 = dimanche. */
            days: z.array(z.number().int().min(1).max(7)).max(7),
          })
          .strict()
          .optional(),
        nightWindow: nightWindowSchema.optional(),
      })
      .strict()
      .optional(),
    updates: z
      .object({
        enabled: z.boolean(),
        channel: z.enum(['stable', 'beta']).optional(),
        url: httpsUrl.optional(),
        autoDownload: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Sceau has no telemetry; the key exists so a policy can state it and lock it. */
    telemetry: z.literal(false).optional(),
    credentialStorage: z.enum(['keychain', 'session', 'auto']).optional(),
    startAtLogin: z.boolean().optional(),
    tsaUrl: httpsUrl.nullable().optional(),
    /** The TSA's certificate chain (PEM), so a policy alone sets up timestamps. */
    tsaCertPem: z
      .string()
      .max(200_000)
      .regex(/-----BEGIN CERTIFICATE-----/)
      .nullable()
      .optional(),
    tsaPolicyOid: z
      .string()
      .regex(/^[0-2](\.\d+)+$/)
      .nullable()
      .optional(),
    tsaQualified: z.boolean().optional(),
    proxy: z
      .object({ mode: z.enum(['system', 'none', 'manual']), url: z.string().max(2048).optional() })
      .strict()
      .optional(),
    /** Archive-side settings imposed on every profile: the Vitam access contract, the management metadata. */
    archiveProfile: z
      .object({ vitamAccessContract: z.string().trim().max(200).optional(), management: managementSchema.optional() })
      .strict()
      .optional(),
  })
  .strict();

export type PolicyValues = z.infer<typeof policySchema>;
export type PolicyKey = keyof PolicyValues;

/**
 * Lockable keys: the policy key → the keys it locks (settings keys of main/contract/api.ts
 * updateSettings, or domain keys: endpoints, tls, profiles, updates, telemetry, credentials).
 */
export const LOCKS: Record<Exclude<PolicyKey, 'version'>, { keys: string[]; reason: string }> = {
  allowedEndpoints: {
    keys: ['endpoints'],
    reason: 'Les adresses d’archive autorisées sont fixées par votre service informatique.',
  },
  tlsPins: {
    keys: ['tls'],
    reason: 'La sécurité des connexions (épinglage TLS) est fixée par votre service informatique.',
  },
  allowedSirens: {
    keys: ['profiles'],
    reason: 'Les collectivités autorisées sur ce poste sont fixées par votre service informatique.',
  },
  bandwidth: {
    keys: ['bandwidthLimitKbps', 'officeHours', 'nightWindow'],
    reason: 'Les règles de débit sont fixées par votre service informatique.',
  },
  updates: { keys: ['updates'], reason: 'Les mises à jour sont gérées par votre service informatique.' },
  telemetry: {
    keys: ['telemetry'],
    reason: 'Aucune donnée d’usage n’est envoyée (réglage imposé par votre service informatique).',
  },
  credentialStorage: {
    keys: ['credentials'],
    reason: 'Le mode de conservation des mots de passe est fixé par votre service informatique.',
  },
  startAtLogin: {
    keys: ['startAtLogin'],
    reason: 'Le lancement au démarrage est fixé par votre service informatique.',
  },
  tsaUrl: { keys: ['tsaUrl'], reason: 'Le service d’horodatage est fixé par votre service informatique.' },
  tsaCertPem: {
    keys: ['tsaCertPem'],
    reason: 'Le certificat du service d’horodatage est fixé par votre service informatique.',
  },
  tsaPolicyOid: {
    keys: ['tsaPolicyOid'],
    reason: 'La politique d’horodatage est fixée par votre service informatique.',
  },
  tsaQualified: {
    keys: ['tsaQualified'],
    reason: 'Le caractère qualifié du service d’horodatage est fixé par votre service informatique.',
  },
  proxy: { keys: ['proxy'], reason: 'Le proxy est fixé par votre service informatique.' },
  archiveProfile: {
    keys: ['vitamAccessContract', 'management'],
    reason: 'Le contrat d’accès Vitam et les règles de gestion sont fixés par votre service informatique.',
  },
};

export const ALL_LOCKABLE_KEYS: string[] = Object.values(LOCKS).flatMap((l) => l.keys);
