/** Origin version rule: three dot-separated integers; non-numeric parts are 0; pre-release and
 * build tags are ignored. */
export function parseVersion(value: string): [number, number, number] {
  const core = value.trim().split(/[-+]/)[0] ?? '';
  const parts = core.split('.').slice(0, 3).map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  while (parts.length < 3) parts.push(0);
  return parts as [number, number, number];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}
