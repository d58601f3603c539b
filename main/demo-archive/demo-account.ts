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

/**
 * Reply codes the demo as@lae uses (SEDA reply code list; Vitam answers KO instead):
 * 000 accepted · 101 malformed message (not XML, not valid against the SEDA XSD, a unit
 * without Title) · 200 a file named by the bordereau is missing from the archive ·
 * 201 a file differs from the bordereau (digest or size) or uses an unknown digest
 * algorithm · 300 archival agreement unknown or not respected (incl. the classification
 * rule above, unknown service versant) · 301 originating agency unknown.
 */
export const DEMO_REPLY_CODES = {
  accepted: '000',
  malformed: '101',
  missingFile: '200',
  fileMismatch: '201',
  agreement: '300',
  originatingAgency: '301',
} as const;
