// « Un acte, un formulaire » at drop time: which dropped files make one act (the act, its
// annexes, its signature files). The guess reads the names with the engine's own rules
// (contract/acts/roles): a shared stem, else a shared act number, else — when the drop
// holds exactly one act — that act. The user confirms or changes it in the drop dialog;
// what is confirmed goes to the engine as DropGroups (contract/acts/grouping).
import type { AttachmentRole, DropGroup } from '../../../main/contract/acts/grouping';
import { companionStem, fileRole } from '../../../main/contract/acts/roles';
import { hasIgnoredSegment } from '../../../main/contract/ignored-names';
import type { FileRole } from '../../../main/contract/types';

/** One decision per dropped file: its role, and the act it goes with (index) or null. */
export interface GroupPlan {
  names: string[];
  role: FileRole[];
  /** null for an act, and for an attachment still « à rattacher ». */
  parent: Array<number | null>;
}

/** Above this many files the dialog is not offered: names alone link them (watched-folder way). */
export const GROUPING_MAX_FILES = 60;

/** The act number a name carries, comparable across spellings (« 2024-045 » = « 2024_45 »). */
export function actNumberOf(name: string): string | null {
  const f = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const dated = /(?:^|[^\d])((?:19|20)\d{2})[\s_./-]+(\d{1,5})(?!\d)/.exec(f);
  if (dated) return `${dated[1]}_${Number(dated[2])}`;
  const marked = /(?:^|[^a-z])(?:del(?:ib(?:eration)?)?|dcm|de|arr(?:ete)?|ar|n°|no)[\s_.-]*(\d{1,5})(?!\d)/.exec(f);
  return marked ? `n_${Number(marked[1])}` : null;
}

/** An attachment's role from its name: a signature file, else an annex. */
export function attachmentRoleOf(name: string): AttachmentRole {
  return fileRole(name) === 'signature' ? 'signature' : 'annex';
}

export function guessGroups(names: readonly string[]): GroupPlan {
  const role = names.map((n) => fileRole(n));
  const acts = role.flatMap((r, i) => (r === 'act' ? [i] : []));
  const stems = names.map((n) => companionStem(n));
  const numbers = names.map((n) => actNumberOf(n));
  const parent = role.map((r, i): number | null => {
    if (r === 'act') return null;
    const byStem = stems[i] ? acts.filter((a) => stems[a] === stems[i]) : [];
    if (byStem.length === 1) return byStem[0] ?? null;
    const byNumber = numbers[i] ? acts.filter((a) => numbers[a] === numbers[i]) : [];
    if (byNumber.length === 1) return byNumber[0] ?? null;
    return acts.length === 1 ? (acts[0] ?? null) : null;
  });
  return { names: [...names], role, parent };
}

/**
 * Office locks, partial downloads, hidden files: the engine sets them aside (the contract's
 * list, main/contract/ignored-names.ts), so the dialog does not offer them as acts. A name or
 * a dropped folder's relative path.
 */
export function notADocument(name: string): boolean {
  return hasIgnoredSegment(name);
}

/** Whether a drop deserves the grouping dialog: several loose files, one of them an attachment. */
export function needsGrouping(all: readonly string[]): boolean {
  const paths = all.filter((p) => !notADocument(p));
  if (paths.length < 2 || paths.length > GROUPING_MAX_FILES) return false;
  // A dropped folder keeps its tree: names and folders link its files (and it may go as one folder).
  if (paths.some((p) => /[\\/]/.test(p))) return false;
  return paths.some((p) => fileRole(p) !== 'act');
}

export function isAct(plan: GroupPlan, i: number): boolean {
  return plan.role[i] === 'act' && plan.parent[i] === null;
}

/** The acts of the plan, in drop order. */
export function actsOf(plan: GroupPlan): number[] {
  return plan.role.flatMap((_, i) => (isAct(plan, i) ? [i] : []));
}

export function attachmentsOf(plan: GroupPlan, act: number): number[] {
  return plan.parent.flatMap((p, i) => (p === act ? [i] : []));
}

/** Annexes and signatures with no act yet. */
export function looseOf(plan: GroupPlan): number[] {
  return plan.role.flatMap((r, i) => (r !== 'act' && plan.parent[i] === null ? [i] : []));
}

/**
 * The user's change: file `i` goes with act `target`, or (null) becomes an act of its own.
 * What was attached to `i` follows it (one level only); a target that is not an act is ignored.
 */
export function moveFile(plan: GroupPlan, i: number, target: number | null): GroupPlan {
  const role = [...plan.role];
  const parent = [...plan.parent];
  if (target === null) {
    role[i] = 'act';
    parent[i] = null;
    return { names: plan.names, role, parent };
  }
  if (target === i || !isAct(plan, target)) return plan;
  if (role[i] === 'act') role[i] = attachmentRoleOf(plan.names[i] ?? '');
  parent[i] = target;
  for (let k = 0; k < parent.length; k++) if (parent[k] === i) parent[k] = target;
  return { names: plan.names, role, parent };
}

/** What the engine receives: every act (even alone, so a renamed annex is an act) and its files. */
export function toDropGroups(plan: GroupPlan): DropGroup[] {
  return actsOf(plan).map((act) => ({
    act,
    attachments: attachmentsOf(plan, act).map((file) => ({
      file,
      role: plan.role[file] === 'signature' ? 'signature' : 'annex',
    })),
  }));
}

/** An annex or signature file with no act: « à rattacher », never versed alone. */
export function isLooseAttachment(d: { role: FileRole; parentId: string | null }): boolean {
  return d.role !== 'act' && d.parentId === null;
}
