/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order at every depth, no whitespace, strings
 * and numbers written as JSON.stringify writes them. Two values that are equal as JSON produce the same
 * text whatever order their keys were built in, which is what a hash over an audit entry needs.
 * Idempotent through JSON.parse: canonicalJson(JSON.parse(canonicalJson(x))) === canonicalJson(x).
 * Throws on values JSON cannot represent faithfully (bigint, functions, symbols, NaN, ±Infinity)
 * instead of silently turning them into null as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value);
  if (out === undefined) throw new TypeError('canonicalJson: the top-level value is not representable as JSON');
  return out;
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON());
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const item = write((value as Record<string, unknown>)[key]);
    if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
  }
  return `{${parts.join(',')}}`;
}
