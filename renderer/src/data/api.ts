// Per-domain actions: the only module besides the stores that talks to the bridge. Reads
// are plain functions for `useQuery`; each mutation says which topics it changed, so the
// screens showing them refetch without a global counter.
import type { DownloadOutcome, ExportRef, RequestOf, ResponseOf } from '../../../main/contract/api';
import type { DropGroup } from '../../../main/contract/acts/grouping';
import { sceau } from '../bridge';

export { openedWithoutKey } from '../bridge';
import { invalidate, type Topic } from './topics';

async function mutate<T>(work: Promise<T>, ...topics: Topic[]): Promise<T> {
  const result = await work;
  invalidate(...topics);
  return result;
}

export const documentsApi = {
  list: (r: RequestOf<'listDocuments'>) => sceau.listDocuments(r),
  count: (r: RequestOf<'countDocuments'>) => sceau.countDocuments(r),
  get: (id: string) => sceau.getDocument({ id }),
  updateMetadata: (r: RequestOf<'updateMetadata'>) => mutate(sceau.updateMetadata(r), 'documents'),
  retry: (ids: string[]) => mutate(sceau.retryDocuments({ ids }), 'documents', 'sync'),
  ignore: (ids: string[]) => mutate(sceau.ignoreDocuments({ ids }), 'documents', 'sync'),
  force: (ids: string[]) => mutate(sceau.forceDocuments({ ids }), 'documents', 'sync'),
  /** Hands dropped or chosen files to the core. */
  intake: (profileId: string, files: File[], groups?: readonly DropGroup[]) =>
    mutate(sceau.intakeFiles(profileId, files, groups), 'documents'),
};

export const depositApi = {
  now: (ids: string[]) => mutate(sceau.depositNow({ ids }), 'documents', 'sync'),
  tonight: (ids: string[]) => mutate(sceau.depositTonight({ ids }), 'documents', 'sync'),
  folder: (r: RequestOf<'depositFolder'>) => mutate(sceau.depositFolder(r), 'documents', 'sync'),
};

export type ExportKind = 'receipt' | 'evidence' | 'original' | 'diagnostics';

export interface Downloaded {
  ref: ExportRef;
  outcome: DownloadOutcome;
}

export const exportsApi = {
  /** Makes the file, then hands it to the user (save dialog or browser download). */
  async download(kind: ExportKind, documentId?: string): Promise<Downloaded> {
    let ref: ExportRef;
    if (kind === 'diagnostics') ref = await sceau.exportDiagnostics({});
    else if (!documentId) throw new Error('document manquant');
    else if (kind === 'receipt') ref = await sceau.exportReceipt({ documentId });
    else if (kind === 'evidence') ref = await sceau.exportEvidence({ documentId });
    else ref = await sceau.openOriginal({ documentId });
    return { ref, outcome: await sceau.download(ref) };
  },
  /** The current list of Versements (whole filter) as CSV, handed over the same way. */
  async list(filter: RequestOf<'exportDocumentList'>): Promise<Downloaded & { count: number }> {
    const { count, ...ref } = await sceau.exportDocumentList(filter);
    return { ref, count, outcome: await sceau.download(ref) };
  },
};

export const syncApi = {
  status: () => sceau.getSyncStatus({}),
  pause: () => mutate(sceau.pauseSync({}), 'sync'),
  resume: () => mutate(sceau.resumeSync({}), 'sync'),
  testConnection: (r: RequestOf<'testConnection'>) => sceau.testConnection(r),
  verifyIntegrity: () => sceau.verifyIntegrity({}),
};

export const foldersApi = {
  list: (profileId: string | null) => sceau.listFolders(profileId ? { profileId } : {}),
  choose: () => sceau.chooseFolder({}),
  add: (r: RequestOf<'addFolder'>) => mutate(sceau.addFolder(r), 'folders'),
  update: (r: RequestOf<'updateFolder'>) => mutate(sceau.updateFolder(r), 'folders'),
  remove: (id: string) => mutate(sceau.removeFolder({ id }), 'folders'),
  previewRules: (r: RequestOf<'previewRules'>) => sceau.previewRules(r),
};

export const profilesApi = {
  create: (r: RequestOf<'createProfile'>) => mutate(sceau.createProfile(r), 'profiles'),
  update: (r: RequestOf<'updateProfile'>) => mutate(sceau.updateProfile(r), 'profiles'),
  remove: (id: string) => mutate(sceau.removeProfile({ id }), 'profiles', 'documents', 'folders'),
};

export const classificationApi = {
  search: (r: RequestOf<'searchClassification'>) => sceau.searchClassification(r),
  suggest: (r: RequestOf<'suggestClassification'>) => sceau.suggestClassification(r),
  get: (profileId: string) => sceau.getClassification({ profileId }),
  import: (r: RequestOf<'importClassification'>) => mutate(sceau.importClassification(r), 'classification'),
  reset: (profileId: string) => mutate(sceau.resetClassification({ profileId }), 'classification'),
};

export const settingsApi = {
  setProxyPassword: (password: string | null): Promise<ResponseOf<'setProxyPassword'>> =>
    sceau.setProxyPassword({ password }),
  appInfo: () => sceau.getAppInfo({}),
  openExternal: (url: string) => sceau.openExternal({ url }),
};
