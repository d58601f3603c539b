// The user's excluded sub-folders; the names never captured are the contract's list (shared
// with the drop dialog).
import { isIgnoredName } from '../../contract/ignored-names';
export { isHiddenOnly, isIgnoredName } from '../../contract/ignored-names';

/** Minimal glob: `**` any depth, `*` within a segment, `?` one character; case-insensitive. */
export function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
      if (g[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

export class IgnoreRules {
  private readonly exclusions: RegExp[];

  constructor(exclusions: readonly string[] = []) {
    this.exclusions = exclusions.filter((e) => e.trim() !== '').map(globToRegExp);
  }

  /** `relativePath` uses `/` or `\`; a path is ignored if any segment or excluded folder says so. */
  isIgnored(relativePath: string): boolean {
    const parts = relativePath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
    if (parts.some(isIgnoredName)) return true;
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (this.exclusions.some((re) => re.test(prefix))) return true;
    }
    return false;
  }

  /** For directories during a walk: skip the whole subtree. */
  isIgnoredDir(relativeDir: string): boolean {
    return relativeDir !== '' && this.isIgnored(relativeDir);
  }
}
