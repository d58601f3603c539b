// Domain types shared by every core module. Kept free of runtime dependencies so the
// contract (main/contract/api.ts), the renderer and the core all agree on one vocabulary.

/** States of a document, see docs/architecture.md (state machine). */
export const DOCUMENT_STATES = [
  'detected',
  'sealed',
  'needs_metadata',
  'ready',
  'queued',
  'sending',
  'sent',
  'acknowledged',
  'accepted',
  'rejected',
  'failed',
  'skipped_auto_archived',
  'duplicate',
  /** Set aside by the user (« Ignorer »); can be brought back. */
  'ignored',
] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** States in which the user may still correct a document's metadata (not while it travels). */
export const METADATA_EDITABLE_STATES: readonly DocumentState[] = [
  'needs_metadata',
  'ready',
  'rejected',
  'failed',
  'skipped_auto_archived',
  'duplicate',
  'sealed',
  'ignored',
];

/** @CTES natures, with the two-letter code used in file names. */
export const NATURE_CODES = ['DE', 'AR', 'AI', 'CC', 'BF', 'AU'] as const;
export type NatureCode = (typeof NATURE_CODES)[number];

export type DigestAlgorithm = 'sha256' | 'sha512';

export interface Fingerprint {
  algorithm: DigestAlgorithm;
  /** lowercase hex */
  hex: string;
}

/** Act metadata read from names by rules, or typed by the user. ISO date YYYY-MM-DD. */
export interface ActMetadata {
  nature?: NatureCode;
  number?: string;
  date?: string;
  objet?: string;
  classification?: string;
}

/** Role of a file inside a transfer. */
export type FileRole = 'act' | 'annex' | 'signature';

export type ArchiveKind = 'demo' | 'asalae' | 'vitam';
export type SedaVersion = '2.1' | '2.2';

/**
 * Management metadata of a profile (what the archivists of the SAE ask for). Every field is
 * optional: absent, the bordereau is what it always was (AR038/AR048, FinalAction Keep, rules
 * in ManagementMetadata, title = the act's objet).
 */
export interface ManagementSettings {
  /** Durée d’utilité administrative: rule code (e.g. APP-00001, P10Y …), its start, final action. */
  appraisal?: { rule?: string; startDate?: 'act' | 'transfer'; finalAction?: 'Keep' | 'Destroy' };
  /** Access rule code replacing the computed AR038 / AR048 (it must exist at the archive). */
  accessRule?: string;
  serviceLevel?: string;
  /** Names written beside the identifiers (OrganizationDescriptiveMetadata/Name). */
  agencyNames?: { archival?: string; transferring?: string; originating?: string };
  /** Where the rules go: ManagementMetadata (default) or the root unit's Management (as@lae shows them there). */
  rulesPlacement?: 'management-metadata' | 'root-unit';
  /** Title of an act's root unit; {objet}, {numero}, {nature}, {date}. Default « {objet} ». */
  titleTemplate?: string;
  /** Producer used instead of the usual one for individual acts (nature AI, personal data). */
  personalDataOriginatingAgencyId?: string;
  /** Per nature of act (DE, AR, AI …): rules that differ from the profile's. */
  byNature?: Partial<Record<NatureCode, Pick<ManagementSettings, 'appraisal' | 'accessRule'>>>;
}
