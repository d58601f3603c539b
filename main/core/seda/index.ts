// SEDA 2.1 / 2.2: bordereau builder, packages, pre-flight, archive replies, formats.
export type { TransferInput, UnitInput, ObjectInput, KeywordInput, DescriptionLevel, DigestStyle } from './types';
export { buildArchiveTransfer, actUnit, allObjects, safeUri, sedaNamespace, digestAlgorithmName } from './builder';
export { buildFolderUnit } from './folder-transfer';
export type { FolderFile } from './folder-transfer';
export { buildPackage, generateMessageIdentifier, PackageError } from './package';
export type { PackageOptions } from './package';
export { preflight, explainXsdError, DEFAULT_MAX_TOTAL_BYTES } from './preflight';
export type { PreflightIssue, PreflightLimits } from './preflight';
export {
  parseAcknowledgement,
  parseArchiveTransferReply,
  buildAcknowledgement,
  buildArchiveTransferReply,
  ReplyParseError,
} from './replies';
export type { Acknowledgement, ArchiveTransferReply, AcknowledgementInput, ArchiveTransferReplyInput } from './replies';
export { identifyFormat, identifyFromHead, UNKNOWN_FORMAT } from './format';
export type { FormatInfo } from './format';
export { validateSeda } from './xsd';
export { validateAgainstProfile, checkRngProfile, explainRngError, RngProfileError } from './rng';
export type { RngIssue, RngResult } from './rng';
export { parseXml, XmlParseError } from './xml';
