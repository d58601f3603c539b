// Names never captured: office lock files, partial downloads, OS litter, hidden files,
// and the user's excluded sub-folders.
const HIDDEN_RE = /^\./;
const IGNORED_NAME = [
  /^~\$/, // Word/Excel owner files
  /^\.~lock\..*#$/, // LibreOffice locks
  /^~.*\.tmp$/i,
  /\.tmp$/i,
  /\.temp$/i,
  /\.part$/i,
  /\.partial$/i,
  /\.crdownload$/i,
  /\.download$/i,
  /\.swp$/i,
  /^thumbs\.db$/i,
  /^desktop\.ini$/i,
  /^\.ds_store$/i,
  /^\._/, // macOS resource forks
  HIDDEN_RE, // hidden files and folders
  /^\$recycle\.bin$/i,
  /^system volume information$/i,
];

export function isIgnoredName(name: string): boolean {
  return IGNORED_NAME.some((re) => re.test(name));
}

/** Hidden (dot) name that is not also a temporary or lock file: said as such to the user. */
export function isHiddenOnly(name: string): boolean {
  return HIDDEN_RE.test(name) && !IGNORED_NAME.some((re) => re !== HIDDEN_RE && re.test(name));
}

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
