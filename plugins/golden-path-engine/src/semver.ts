/** The small part of semver the engine needs: versions x.y.z and ranges "x.y.z", "^x.y.z", "~x.y.z". */
export type Version = [number, number, number];

const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

export function parseVersion(v: string): Version | undefined {
  const m = VERSION.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function isRange(range: string): boolean {
  return parseVersion(range.replace(/^[\^~]/, '')) !== undefined;
}

export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  const op = range.trim()[0];
  const r = parseVersion(range.trim().replace(/^[\^~]/, ''));
  if (!v || !r) return false;
  if (op !== '^' && op !== '~') return compareVersions(v, r) === 0;
  if (compareVersions(v, r) < 0) return false;
  if (op === '~') return v[0] === r[0] && v[1] === r[1];
  // Caret: the left-most non-zero component is fixed.
  if (r[0] > 0) return v[0] === r[0];
  if (r[1] > 0) return v[0] === 0 && v[1] === r[1];
  return v[0] === 0 && v[1] === 0 && v[2] === r[2];
}
