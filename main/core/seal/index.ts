export { canonicalJson } from './canonical-json';
export { fingerprintFile, fingerprintBuffer, CHUNK_SIZE, isDigestAlgorithm } from './fingerprint';
export { vaultRelativePath, vaultAbsolutePath, prepareVault, commitToVault, fsyncDir } from './vault';
export { sealFile, SealError, DEFAULT_WORKER_THRESHOLD } from './seal';
export type { SealResult, SealOptions, SealFileOptions, SealErrorCode } from './seal';
export { Journal, GENESIS_HASH, computeEntryHash } from './journal';
export type { JournalEntry, JournalAppend } from './journal';
export { verifyJournal } from './verify';
export type { VerifyResult, VerifyOptions, JournalProblem } from './verify';
