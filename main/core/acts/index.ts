// Act metadata: natures, classification, file-name rules, roles, auto-archived flows.
export { NATURES, isNatureCode, natureInfo, natureFromActesNumber } from './natures';
export type { NatureInfo } from './natures';
export {
  CLASSIFICATION,
  CLASSIFICATION_PATTERN,
  classificationLabel,
  isClassificationFormat,
  inClassificationList,
} from './classification';
export { searchClassification } from './classification-search';
export { suggestClassification } from './classification-keywords';
export type { ClassificationSuggestion } from './classification-keywords';
export type { ClassificationEntry } from './classification';
export { accessRuleFor } from './access';
export type { AccessRuleCode } from './access';
export { validateActMetadata, isValidIsoDate, ACT_NUMBER_PATTERN, OBJET_MAX } from './validate';
export type { MetadataProblem } from './validate';
export {
  readActMetadata,
  previewRules,
  compileUserRule,
  validateUserRules,
  RuleError,
  METADATA_FIELDS,
} from './metadata';
export type { UserRule, ActMetadataReading, MetadataField, RulePreview } from './metadata';
export { fileRole, companionStem, stripExtensions } from './roles';
export { recogniseAutoArchived, AUTO_ARCHIVED_RECOGNISERS, xmlRootElement, PES_ALLER_NS } from './recognise';
export type { AutoArchivedKind, AutoArchivedMatch, AutoArchivedRecogniser } from './recognise';
export { normaliseName, normaliseActNumber, parseLooseDate, cleanObjet } from './text';
export { metadataVerdict, LOOSE_ATTACHMENT_REASON } from './completeness';
export type { MetadataVerdict } from './completeness';
