import type { OrgTree } from './model.js';

/**
 * Ancestor chains of departments (self first), memoised for one evaluation. A missing parent or a
 * cycle ends the chain instead of looping.
 */
export class OrgPaths {
  readonly #chains = new Map<number, readonly number[]>();

  constructor(private readonly tree: OrgTree) {}

  chain(deptId: number): readonly number[] {
    const known = this.#chains.get(deptId);
    if (known !== undefined) return known;
    const chain: number[] = [];
    const seen = new Set<number>();
    let current: number | null = deptId;
    while (current !== null && !seen.has(current)) {
      seen.add(current);
      chain.push(current);
      current = this.tree.department(current)?.parentId ?? null;
    }
    this.#chains.set(deptId, chain);
    return chain;
  }

  /** Is `deptId` the department `root` or below it? */
  within(deptId: number, root: number): boolean {
    return this.chain(deptId).includes(root);
  }

  /** Is `deptId` inside any of the subtrees rooted at `roots`? */
  withinAny(deptId: number, roots: ReadonlySet<number> | readonly number[]): boolean {
    const set = roots instanceof Set ? roots : new Set(roots as readonly number[]);
    if (set.size === 0) return false;
    return this.chain(deptId).some((id) => set.has(id));
  }

  /** Does any of `deptIds` lie inside any of the subtrees rooted at `roots`? */
  anyWithinAny(deptIds: readonly number[], roots: ReadonlySet<number> | readonly number[]): boolean {
    const set = roots instanceof Set ? roots : new Set(roots as readonly number[]);
    return set.size > 0 && deptIds.some((id) => this.withinAny(id, set));
  }
}
