// Names never captured: office lock files, partial downloads, OS litter, hidden files.
// In the contract: the engine's walk sets them aside (core/capture/ignore.ts) and the drop
// dialog does not offer them as acts (renderer/src/lib/act-groups.ts), with one list.
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
  /^Icon\r$/, // a macOS folder's custom icon
  HIDDEN_RE, // hidden files and folders
  /^\$recycle\.bin$/i,
  /^system volume information$/i,
];

/** One file or folder name (not a path). */
export function isIgnoredName(name: string): boolean {
  return IGNORED_NAME.some((re) => re.test(name));
}

/** Hidden (dot) name that is not also a temporary or lock file: said as such to the user. */
export function isHiddenOnly(name: string): boolean {
  return HIDDEN_RE.test(name) && !IGNORED_NAME.some((re) => re !== HIDDEN_RE && re.test(name));
}

/** A relative path (`/` or `\`) is ignored when any of its segments is. */
export function hasIgnoredSegment(relativePath: string): boolean {
  return relativePath.split(/[\\/]+/).some((p) => p !== '' && p !== '.' && isIgnoredName(p));
}
