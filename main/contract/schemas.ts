// Schemas shared by several channel groups (main/contract/channels/*): identifiers, paths,
// a commune's profile, the document filter and the settings patch.
import { z } from 'zod';
import { DOCUMENT_STATES, NATURE_CODES } from './types';

// Validation messages reach the user: in French.
z.config(z.locales.fr());

export const id = z.string().min(1).max(100);
export const shortText = z.string().max(500);
export const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'chemin invalide');
export const empty = z.object({}).strict();
export const ids = (max: number) => z.array(id).min(1).max(max);

export const actMetadataSchema = z
  .object({
    nature: z.enum(NATURE_CODES).optional(),
    number: z.string().max(64).optional(),
    date: z.string().max(32).optional(),
    objet: z.string().max(2000).optional(),
    classification: z.string().max(32).optional(),
  })
  .strict();

const endpointSchema = z.object({ url: z.url().max(2048), label: z.string().max(100).optional() }).strict();

const tlsSchema = z
  .object({
    caPem: z.string().max(200_000).optional(),
    spkiPins: z.array(z.string().max(100)).max(10).optional(),
  })
  .strict();

export const userRuleSchema = z
  .object({
    name: z.string().min(1).max(100),
    pattern: z.string().min(1).max(1000),
    natureDefault: z.enum(NATURE_CODES).optional(),
    appliesTo: z.enum(['file', 'path']).optional(),
  })
  .strict();

const ruleCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'Code de règle invalide (lettres, chiffres, « - », « _ » ou « . »).');
const agencyName = z.string().trim().min(1).max(300);
const appraisalSchema = z
  .object({
    rule: ruleCode.optional(),
    startDate: z.enum(['act', 'transfer']).optional(),
    finalAction: z.enum(['Keep', 'Destroy']).optional(),
  })
  .strict();

/** Management metadata of a profile (see ManagementSettings in ./types). */
export const managementSchema = z
  .object({
    appraisal: appraisalSchema.optional(),
    accessRule: ruleCode.optional(),
    serviceLevel: z.string().trim().min(1).max(200).optional(),
    agencyNames: z
      .object({
        archival: agencyName.optional(),
        transferring: agencyName.optional(),
        originating: agencyName.optional(),
      })
      .strict()
      .optional(),
    rulesPlacement: z.enum(['management-metadata', 'root-unit']).optional(),
    titleTemplate: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .refine((t) => t.includes('{objet}'), 'Le modèle de titre doit contenir « {objet} ».')
      .optional(),
    personalDataOriginatingAgencyId: z.string().trim().min(1).max(200).optional(),
    /** Per nature of act: appraisal and access rules that differ from the profile's. */
    byNature: z
      .partialRecord(
        z.enum(NATURE_CODES),
        z.object({ appraisal: appraisalSchema.optional(), accessRule: ruleCode.optional() }).strict(),
      )
      .optional(),
  })
  .strict();

/** An hour of the day the scheduler can read: 00:00 to 23:59, or 24:00 for « minuit » as an end. */
const clockTime = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Heure invalide : indiquez-la au format HH:MM, de 00:00 à 24:00.');

const profileFields = {
  name: z.string().trim().min(1).max(200),
  // Pasted as printed (« 212 901 227 », non-breaking spaces, dots): kept as its 9 digits.
  siren: z
    .string()
    .max(64)
    .transform((s) => s.replace(/[\s\u00a0\u202f.-]/g, ''))
    .pipe(
      z
        .string()
        .regex(/^\d{9}$/, 'Le SIREN comporte 9 chiffres (les espaces sont acceptés), par exemple « 212 901 227 ».'),
    ),
  archiveKind: z.enum(['demo', 'asalae', 'vitam']),
  endpoints: z.array(endpointSchema).max(5),
  sedaVersion: z.enum(['2.1', '2.2']),
  archivalAgencyId: z.string().max(200),
  transferringAgencyId: z.string().max(200),
  originatingAgencyId: z.string().max(200),
  submissionAgencyId: z.string().max(200),
  archivalAgreement: z.string().max(200),
  archivalProfile: z.string().max(200),
  vitamTenant: z.number().int().min(0).max(1_000_000),
  vitamContext: z.string().max(100),
  login: z.string().max(200),
  tls: tlsSchema,
  rules: z.array(userRuleSchema).max(50),
  /** Vitam: X-Access-Contract-Id for the logbook search that makes exactly-once possible. */
  vitamAccessContract: z.string().trim().max(200),
  /** as@lae: piece size of chunked uploads, also the threshold (default 2,097,152). */
  asalaeChunkBytes: z.number().int().min(65_536).max(1_073_741_824),
  management: managementSchema,
  /** The archive's SEDA profile (RelaxNG text) every bordereau is checked against; '' removes it. */
  sedaProfileRng: z.string().max(5 * 1024 * 1024),
};

/** A new commune: what is not given takes its default. */
export const profileInputSchema = z
  .object({
    ...profileFields,
    endpoints: profileFields.endpoints.default([]),
    sedaVersion: profileFields.sedaVersion.default('2.1'),
    archivalAgencyId: profileFields.archivalAgencyId.default(''),
    transferringAgencyId: profileFields.transferringAgencyId.default(''),
    originatingAgencyId: profileFields.originatingAgencyId.default(''),
    submissionAgencyId: profileFields.submissionAgencyId.default(''),
    archivalAgreement: profileFields.archivalAgreement.default(''),
    archivalProfile: profileFields.archivalProfile.default(''),
    vitamTenant: profileFields.vitamTenant.optional(),
    vitamContext: profileFields.vitamContext.optional(),
    login: profileFields.login.default(''),
    tls: profileFields.tls.default({}),
    rules: profileFields.rules.default([]),
    vitamAccessContract: profileFields.vitamAccessContract.optional(),
    asalaeChunkBytes: profileFields.asalaeChunkBytes.optional(),
    management: profileFields.management.optional(),
    sedaProfileRng: profileFields.sedaProfileRng.optional(),
  })
  .strict();

/** A change to a commune: only what is given changes (no defaults, or they would wipe settings). */
export const profilePatchSchema = z.object(profileFields).partial().strict();

export const documentFilterSchema = z
  .object({
    profileId: id.optional(),
    states: z.array(z.enum(DOCUMENT_STATES)).max(DOCUMENT_STATES.length).optional(),
    nature: z.enum(NATURE_CODES).optional(),
    year: z.number().int().min(1800).max(2200).optional(),
    folderId: id.optional(),
    role: z.enum(['act', 'annex', 'signature']).optional(),
    text: z.string().max(200).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
    sort: z.enum(['problems-first', 'newest', 'oldest', 'name']).default('problems-first'),
  })
  .strict();

const minuteOfDay = (t: string) => (Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))) % 1440;

/** The « Verser ce soir » window: one that starts when it ends never opens (transfers would wait forever). */
export const nightWindowSchema = z
  .object({ start: clockTime, end: clockTime })
  .strict()
  .refine((w) => minuteOfDay(w.start) !== minuteOfDay(w.end), {
    message: 'la plage de nuit ne peut pas commencer et finir à la même heure',
  });

export const settingsPatchSchema = z
  .object({
    bandwidthLimitKbps: z.number().int().min(0).max(10_000_000).nullable().optional(),
    officeHours: z
      .object({
        enabled: z.boolean(),
        start: clockTime,
        end: clockTime,
        limitKbps: z.number().int().min(0).max(10_000_000),
        /** ISO weekdays, 1 = lundi … 7 = dimanche */
        days: z.array(z.number().int().min(1).max(7)).max(7),
      })
      .strict()
      .optional(),
    nightWindow: nightWindowSchema.optional(),
    pauseOnMetered: z.boolean().optional(),
    proxy: z
      .object({
        mode: z.enum(['system', 'none', 'manual']),
        url: z.string().max(2048).optional(),
        username: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
    startAtLogin: z.boolean().optional(),
    notifications: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    tsaUrl: z.string().max(2048).nullable().optional(),
    /** PEM of the TSA certificate or its CA: tokens must chain to it. */
    tsaCertPem: z.string().max(200_000).nullable().optional(),
    /** Policy OID to request from the TSA (absent: the TSA's default). */
    tsaPolicyOid: z
      .string()
      .regex(/^[0-2](\.\d+)+$/)
      .nullable()
      .optional(),
    /** The TSA is a qualified eIDAS one: only then may receipts say « qualifié ». */
    tsaQualified: z.boolean().optional(),
    stabilityDelayMs: z.number().int().min(200).max(600_000).optional(),
    /** A file bigger than this (Mo) is taken only once the user confirmed (huge or sparse files). */
    largeFileConfirmMb: z.number().int().min(1).max(10_000_000).optional(),
    /** Complete documents from watched folders leave by themselves: now, tonight, or never. */
    autoDeposit: z.enum(['off', 'now', 'tonight']).optional(),
    activeProfileId: id.nullable().optional(),
  })
  .strict();
