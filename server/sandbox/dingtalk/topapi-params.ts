import type { FastifyRequest } from 'fastify';

/**
 * Reading topapi parameters the way the oapi gateway does: JSON or form body (§1), numbers and booleans
 * also accepted as strings (form bodies only have strings). Problems become legacy errors, never crashes:
 * missing or out-of-range → 40035, wrong type → 400002.
 */
export class ParamError extends Error {
  override readonly name = 'ParamError';
  constructor(
    readonly errcode: 40035 | 400002,
    message: string,
  ) {
    super(message);
  }
}

export type Params = Record<string, unknown>;

/** Parses the raw body (kept as a string by the topapi content-type parser). Empty body → `{}`. */
export function parseBody(request: FastifyRequest): Params {
  const raw = request.body;
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return {};
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type !== '' && type !== 'application/json' && !type.endsWith('+json') && type !== 'text/plain') {
    throw new ParamError(40035, `不合法的参数: unsupported Content-Type "${type}"; send application/json or a form`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ParamError(40035, `不合法的参数: request body is not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ParamError(400002, '无效的参数: request body must be a JSON object');
  }
  return json as Params;
}

export function requiredInt(params: Params, name: string, range?: { min?: number; max?: number }): number {
  const value = optionalInt(params, name, range);
  if (value === undefined) throw new ParamError(40035, `缺少参数 ${name}`);
  return value;
}

export function optionalInt(params: Params, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ParamError(400002, `无效的参数 ${name}: must be an integer`);
  }
  const { min, max } = range;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const bounds = max === undefined ? `at least ${min}` : `between ${min ?? '-∞'} and ${max}`;
    throw new ParamError(40035, `不合法的参数 ${name}: must be ${bounds}`);
  }
  return value;
}

export function requiredString(params: Params, name: string): string {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') throw new ParamError(40035, `缺少参数 ${name}`);
  if (typeof raw !== 'string') throw new ParamError(400002, `无效的参数 ${name}: must be a string`);
  return raw;
}

export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new ParamError(400002, `无效的参数 ${name}: must be true or false`);
}

export function optionalEnum<T extends string>(params: Params, name: string, allowed: readonly T[]): T | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ParamError(400002, `无效的参数 ${name}: must be one of ${allowed.join(', ')}`);
}
