// A whole folder deposited as one transfer (a public-procurement consultation, a year of
// register scans): the ArchiveUnit tree mirrors the sub-folders (RecordGrp at the root,
// SubGrp below, Item per file), with act metadata read from each level's name.
import { readActMetadata } from '../acts/metadata';
import { stripExtensions } from '../acts/roles';
import type { ObjectInput, UnitInput } from './types';

export interface FolderFile {
  /** Path relative to the deposited folder, '/' separators. */
  relativePath: string;
  object: ObjectInput;
}

function minMax(dates: string[]): { start?: string; end?: string } {
  const s = dates.filter(Boolean).sort();
  return s.length ? { start: s[0]!, end: s[s.length - 1]! } : {};
}

export function buildFolderUnit(folderName: string, files: FolderFile[], description?: string): UnitInput {
  const root: UnitInput = { title: folderName, descriptionLevel: 'RecordGrp', children: [], objects: [] };
  if (description) root.description = description;
  const dirs = new Map<string, UnitInput>([['', root]]);
  const sorted = [...files].sort((a, b) => a.relativePath.localeCompare(b.relativePath, 'fr'));
  for (const f of sorted) {
    const parts = f.relativePath.normalize('NFC').split('/').filter(Boolean);
    const fileName = parts.pop() ?? f.object.fileName;
    let parent = root;
    let key = '';
    for (const p of parts) {
      key = key ? `${key}/${p}` : p;
      let u = dirs.get(key);
      if (!u) {
        u = { title: p, descriptionLevel: 'SubGrp', children: [], objects: [] };
        dirs.set(key, u);
        parent.children.push(u);
      }
      parent = u;
    }
    const read = readActMetadata(`${folderName}/${f.relativePath}`);
    const item: UnitInput = {
      title: read.metadata.objet ?? stripExtensions(fileName),
      descriptionLevel: 'Item',
      children: [],
      objects: [f.object],
    };
    if (read.metadata.date) item.startDate = item.endDate = read.metadata.date;
    if (read.metadata.classification || read.metadata.number || read.metadata.nature) {
      const { objet: _objet, ...rest } = read.metadata;
      item.metadata = rest;
    }
    parent.children.push(item);
  }
  // Date ranges bubble up so every level has StartDate/EndDate when anything is dated.
  const fill = (u: UnitInput): string[] => {
    const ds = [u.startDate, u.endDate, ...u.children.flatMap(fill)].filter((d): d is string => !!d);
    const { start, end } = minMax(ds);
    if (start && !u.startDate) u.startDate = start;
    if (end && !u.endDate) u.endDate = end;
    return ds;
  };
  fill(root);
  return root;
}
