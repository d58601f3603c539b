// User naming rules (a regular expression with named groups per commune). A pattern such as
// `^(?<objet>(a+)+)$` backtracks exponentially and would block the engine for seconds on
// one file name: patterns with nested unbounded repetition or back-references are refused
// when saved, and every match runs under a time budget (a rule that exceeds it is dropped
// for the rest of the run and reported).
import vm from 'node:vm';
import type { NatureCode } from '../../contract/types';
import { isNatureCode } from './natures';

export interface UserRule {
  name: string;
  /** Regex with named groups nature, number, date, objet, classification, year, month, day. */
  pattern: string;
  natureDefault?: NatureCode;
  /** 'file' (default): the file name without extension; 'path': the whole relative path. */
  appliesTo?: 'file' | 'path';
}

const KNOWN_GROUPS = new Set(['nature', 'number', 'date', 'objet', 'classification', 'year', 'month', 'day']);
const MAX_PATTERN = 1000;
/** Per match; a file name is at most a few hundred characters, a sane rule takes microseconds. */
export const RULE_BUDGET_MS = 50;

export class RuleError extends Error {
  readonly ruleName: string;
  /** 'unsafe': could block the engine (refused when saved); 'invalid': cannot be used. */
  readonly kind: 'invalid' | 'unsafe';
  constructor(ruleName: string, message: string, kind: 'invalid' | 'unsafe' = 'invalid') {
    super(message);
    this.ruleName = ruleName;
    this.kind = kind;
    this.name = 'RuleError';
  }
}

export interface CompiledRule {
  rule: UserRule;
  re: RegExp;
}

/** Patterns that went over the budget in this process: skipped from then on. */
const tooSlow = new Set<string>();

/** Compiles a user rule; throws RuleError with a French message when it cannot be used. */
export function compileUserRule(rule: UserRule): CompiledRule {
  const name = (rule.name ?? '').trim() || 'sans nom';
  if (!rule.pattern || !rule.pattern.trim()) throw new RuleError(name, `La règle « ${name} » n’a pas de motif.`);
  if (rule.pattern.length > MAX_PATTERN)
    throw new RuleError(name, `Le motif de la règle « ${name} » est trop long (${MAX_PATTERN} caractères au plus).`);
  let re: RegExp;
  try {
    re = new RegExp(rule.pattern, 'iu');
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new RuleError(
      name,
      `Le motif de la règle « ${name} » n’est pas une expression régulière valide (${detail}).`,
    );
  }
  const unsafe = catastrophicReason(rule.pattern);
  if (unsafe || tooSlow.has(rule.pattern))
    throw new RuleError(
      name,
      `Le motif de la règle « ${name} » pourrait bloquer Sceau (${unsafe ?? 'il a dépassé le temps permis sur un nom de fichier'}) : simplifiez-le, par exemple (?<objet>.+) plutôt que (?<objet>(.+)+).`,
      'unsafe',
    );
  const groups = [...rule.pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1] ?? '');
  const unknown = groups.filter((g) => !KNOWN_GROUPS.has(g));
  if (unknown.length)
    throw new RuleError(
      name,
      `La règle « ${name} » utilise un groupe inconnu (${unknown.join(', ')}) : les groupes possibles sont nature, number, date, objet, classification, year, month, day.`,
    );
  if (!groups.length)
    throw new RuleError(
      name,
      `La règle « ${name} » ne capture rien : nommez au moins un groupe, par exemple (?<number>\\d+).`,
    );
  if (rule.natureDefault !== undefined && !isNatureCode(rule.natureDefault))
    throw new RuleError(name, `La nature par défaut de la règle « ${name} » est inconnue.`);
  return { rule, re };
}

/** Checks user rules, returning French messages (empty when all are usable). */
export function validateUserRules(rules: UserRule[]): Array<{ rule: string; message: string; unsafe: boolean }> {
  const out: Array<{ rule: string; message: string; unsafe: boolean }> = [];
  for (const r of rules) {
    try {
      compileUserRule(r);
    } catch (e) {
      if (e instanceof RuleError) out.push({ rule: e.ruleName, message: e.message, unsafe: e.kind === 'unsafe' });
      else throw e;
    }
  }
  return out;
}

const matchScript = new vm.Script('re.exec(target)');
const sandbox = vm.createContext({ re: null as RegExp | null, target: '' });

/** Runs the rule on `target` within RULE_BUDGET_MS; null when it does not match or overran. */
export function execUserRule(c: CompiledRule, target: string, budgetMs = RULE_BUDGET_MS): RegExpExecArray | null {
  if (tooSlow.has(c.rule.pattern)) return null;
  sandbox.re = c.re;
  sandbox.target = target;
  try {
    c.re.lastIndex = 0;
    return matchScript.runInContext(sandbox, { timeout: budgetMs }) as RegExpExecArray | null;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw e;
    tooSlow.add(c.rule.pattern);
    return null;
  } finally {
    sandbox.re = null;
    sandbox.target = '';
  }
}

/**
 * Why a pattern can backtrack exponentially, or null: a back-reference, or an unbounded
 * repetition (`*`, `+`, `{n,}`) of a group that itself holds an unbounded repetition or an
 * alternation — `(a+)+`, `(.*a)*`, `(a|aa)+`.
 */
export function catastrophicReason(pattern: string): string | null {
  interface Group {
    repeats: boolean;
    alternates: boolean;
  }
  const stack: Group[] = [{ repeats: false, alternates: false }];
  let lastClosed: Group | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) return 'renvoi à un groupe déjà lu';
      i++;
      lastClosed = null;
      continue;
    }
    if (ch === '[') {
      // Skip the class; `]` right after `[` or `[^` is a literal.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      lastClosed = null;
      continue;
    }
    if (ch === '(') {
      stack.push({ repeats: false, alternates: false });
      lastClosed = null;
      continue;
    }
    if (ch === ')') {
      const g = stack.length > 1 ? stack.pop()! : null;
      // A group holding a repetition makes its parent hold one too.
      if (g?.repeats) stack[stack.length - 1]!.repeats = true;
      lastClosed = g;
      continue;
    }
    if (ch === '|') {
      stack[stack.length - 1]!.alternates = true;
      lastClosed = null;
      continue;
    }
    const unbounded = unboundedQuantifierAt(pattern, i);
    if (unbounded !== null) {
      if (lastClosed && (lastClosed.repeats || lastClosed.alternates))
        return lastClosed.repeats ? 'répétition d’une répétition' : 'répétition d’une alternative';
      stack[stack.length - 1]!.repeats = true;
      i = unbounded;
      lastClosed = null;
      continue;
    }
    lastClosed = null;
  }
  return null;
}

/** End index of an unbounded quantifier starting at i (`*`, `+`, `{n,}`, `{n,m}` with m > 50), else null. */
function unboundedQuantifierAt(pattern: string, i: number): number | null {
  const ch = pattern[i];
  if (ch === '*' || ch === '+') return pattern[i + 1] === '?' ? i + 1 : i;
  if (ch !== '{') return null;
  const m = /^\{(\d+)(,(\d*))?\}\??/.exec(pattern.slice(i));
  if (!m) return null;
  const open = m[2] !== undefined && (m[3] === '' || Number(m[3]) > 50);
  return open ? i + m[0].length - 1 : null;
}
