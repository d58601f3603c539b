import type { ClassificationEntry } from '../acts/classification';
// Input model of an ArchiveTransfer: metadata only, files are referenced by Uri.
import type { ActMetadata, FileRole, Fingerprint, SedaVersion } from '../../contract/types';

export type DescriptionLevel = 'File' | 'Item' | 'RecordGrp' | 'SubGrp';
export type DigestStyle = 'xmlenc-uri' | 'vitam';

export interface KeywordInput {
  content: string;
  reference?: string;
  type?:
    'subject' | 'genreform' | 'corpname' | 'geogname' | 'function' | 'name' | 'occupation' | 'persname' | 'famname';
}

export interface ObjectInput {
  /** Stable id (e.g. document id); turned into an XML ID by the builder. */
  id: string;
  fileName: string;
  /** Path inside the package, e.g. `content/<id>_<safe name>`. */
  uri: string;
  size: number;
  digest: Fingerprint;
  format: { mimeType: string; formatId?: string; formatName?: string };
  role: FileRole;
  /** ISO date-time */
  lastModified?: string;
}

export interface UnitInput {
  title: string;
  descriptionLevel: DescriptionLevel;
  description?: string;
  metadata?: ActMetadata;
  keywords?: KeywordInput[];
  /** ISO dates YYYY-MM-DD */
  startDate?: string;
  endDate?: string;
  /** AR038, AR048 …; on the root it also sets the transfer's default rule. */
  accessRule?: string;
  /** Originating agency's own reference (e.g. act number). */
  originatingIdentifier?: string;
  children: UnitInput[];
  objects: ObjectInput[];
}

export interface TransferInput {
  messageIdentifier: string;
  /** ISO date-time of the message */
  date: string;
  comment?: string;
  archivalAgreement: string;
  archivalProfile?: string;
  archivalAgencyId: string;
  transferringAgencyId: string;
  originatingAgencyId: string;
  submissionAgencyId?: string;
  digestStyle: DigestStyle;
  /** Appraisal: keep by default (acts have permanent value). */
  appraisal?: { rule?: string; finalAction?: 'Keep' | 'Destroy'; startDate?: string };
  /** ManagementMetadata/ServiceLevel */
  serviceLevel?: string;
  /** Names beside the agencies' identifiers (OrganizationDescriptiveMetadata). */
  agencyNames?: { archival?: string; transferring?: string; originating?: string };
  /** Where the rules go: ManagementMetadata (default) or the root unit's Management. */
  rulesPlacement?: 'management-metadata' | 'root-unit';
  root: UnitInput;
  /** The collectivité's classification (labels of the classification keywords); national base otherwise. */
  classification?: readonly ClassificationEntry[];
}

export type { SedaVersion };
