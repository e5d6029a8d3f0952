import type { TSchema, Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { invalidInput } from './errors.js';

/** A compiled TypeBox (JSON Schema) validator that throws a readable SandboxChangeError instead of returning errors. */
export interface SchemaCheck<T extends TSchema> {
  /** Returns `value` typed as the schema, or throws invalid_input naming every offending path. */
  assert(value: unknown, what: string): Static<T>;
}

export function compileCheck<T extends TSchema>(schema: T): SchemaCheck<T> {
  const validator = Compile(schema);
  return {
    assert(value, what) {
      if (validator.Check(value)) return value as Static<T>;
      throw invalidInput(what, describeErrors(validator.Errors(value)));
    },
  };
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

/** Turns Ajv-style errors into `path: message` lines, naming unknown properties instead of "schema is false". */
function describeErrors(errors: Iterable<SchemaError>): string[] {
  const lines = new Set<string>();
  for (const error of errors) {
    // why: TypeBox reports an unknown property twice (boolean schema + additionalProperties); keep the one that names it.
    if (error.keyword === 'boolean') continue;
    const path = error.instancePath === '' ? '(body)' : toPath(error.instancePath);
    const extra = error.params['additionalProperties'];
    if (error.keyword === 'additionalProperties' && Array.isArray(extra)) {
      lines.add(`${path}: unknown field ${extra.map((name) => JSON.stringify(name)).join(', ')}`);
    } else {
      lines.add(`${path}: ${error.message}`);
    }
  }
  return lines.size > 0 ? [...lines].slice(0, 10) : ['does not match the schema'];
}

/** `/user/dept_id_list/0` → `user.dept_id_list[0]`, the notation the org-file errors use too. */
function toPath(pointer: string): string {
  return pointer
    .slice(1)
    .split('/')
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}
