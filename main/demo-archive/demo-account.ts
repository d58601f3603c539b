// The demo archive's account and reference data. Shown to users by `sceau demo-archive`
// and used as defaults of the "archive de démonstration" profile.

/** as@lae login of the demo archive. */
export const DEMO_ASALAE_LOGIN = 'demo';
/** Clear password; the client sends its lowercase hex SHA-256, as real as@lae expects. */
export const DEMO_ASALAE_PASSWORD = 'sceau-demo';
/** Service versant (TransferringAgency/Identifier). */
export const DEMO_TRANSFERRING_AGENCY = 'FRDEMO_MAIRIE_EXEMPLE';
/** Service d'archives (ArchivalAgency/Identifier). */
export const DEMO_ARCHIVAL_AGENCY = 'FRDEMO_SAE_REGIONAL';
/** Service producteur (ManagementMetadata/OriginatingAgencyIdentifier). */
export const DEMO_ORIGINATING_AGENCY = 'FRDEMO_MAIRIE_EXEMPLE';
/** Accord de versement (ArchivalAgreement). */
export const DEMO_ARCHIVAL_AGREEMENT = 'DEMO-ACCORD-ACTES';
/** Profil d'archive (ManagementMetadata/ArchivalProfile), optional in packages. */
export const DEMO_ARCHIVAL_PROFILE = 'DEMO-PROFIL-ACTES';
/** Vitam tenant (X-Tenant-Id) and ingest context. */
export const DEMO_VITAM_TENANT = 0;
export const DEMO_VITAM_CONTEXT = 'DEFAULT_WORKFLOW';

/** Agreements, originating and transferring agencies the demo archive knows. */
export const DEMO_KNOWN_AGREEMENTS: readonly string[] = [DEMO_ARCHIVAL_AGREEMENT, 'ACCORD-VERSEMENT-ACTES'];
export const DEMO_KNOWN_ORIGINATING_AGENCIES: readonly string[] = [DEMO_ORIGINATING_AGENCY, 'FRAD000_COMMUNE_EXEMPLE'];

/**
 * Demo rejection rule, to show "refusé, corrigé, renvoyé": the demo agreement covers the
 * classification matières 1 to 8 only. A package with a keyword holding a classification
 * code of matière 9 (e.g. "9.1", "9.1 Autres domaines…") is refused with code 300.
 */
export const DEMO_FORBIDDEN_CLASSIFICATION = /^\s*9(\.\d+)*(\s|$)/;

/** Vitam access contract (X-Access-Contract-Id) the logbook search needs. */
export const DEMO_VITAM_ACCESS_CONTRACT = 'DEMO-CONTRAT-ACCES';

/**
 * The demo tenant's management rules referential (Vitam has nothing built in: a code missing
 * here refuses the whole ingest with UNITS_RULES_COMPUTE.UNKNOWN.KO). Includes the codes
 * Sceau writes by default (AR038, AR048) and a few usual ones.
 */
export const DEMO_RULES: Readonly<Record<string, { type: 'AppraisalRule' | 'AccessRule'; duration: string }>> = {
  AR038: { type: 'AccessRule', duration: 'P25Y' },
  AR048: { type: 'AccessRule', duration: 'P50Y' },
  AR062: { type: 'AccessRule', duration: 'P0Y' },
  'ACC-00001': { type: 'AccessRule', duration: 'P0Y' },
  'APP-00001': { type: 'AppraisalRule', duration: 'P1Y' },
  'APP-00002': { type: 'AppraisalRule', duration: 'P10Y' },
  'APP-00003': { type: 'AppraisalRule', duration: 'P50Y' },
};

/**
 * Reply codes the demo as@lae uses, with their meaning in the SEDA reply-code list
 * (archives_echanges_v0-2_reply_code.xsd; Vitam answers KO instead): 000 accepted ·
 * 101 malformed message (not XML, not valid against the SEDA XSD, a unit without Title) ·
 * 200 producer not recognised · 202 transferring agency not recognised · 207 invalid
 * digest(s) (digest, size, or an unknown digest algorithm) · 211 attached file missing ·
 * 300 archival agreement invalid (unknown, or the classification rule above).
 */
export const DEMO_REPLY_CODES = {
  accepted: '000',
  malformed: '101',
  originatingAgency: '200',
  transferringAgency: '202',
  fileMismatch: '207',
  missingFile: '211',
  agreement: '300',
} as const;
