import type { AddressBook, RoleAssignment } from '../../shared/admin-api.js';
import type { OrgTree, PersonPlacement, PolicySnapshot, ViewerContext } from './model.js';
import type { PolicyRepository } from './policy-repository.js';
import { Permissions, sameEmail } from './roles.js';
import { booksFor, ViewerVisibility } from './visibility.js';

/** What policy needs from the directory: the tree and who a signed-in e-mail is. */
export interface PolicyDirectory {
  readonly orgTree: OrgTree;
  personByEmail(email: string): Promise<PersonPlacement | null>;
  placement(userid: string): PersonPlacement | null;
}

/** Everything a request needs to decide what its viewer may see and do. */
export interface ViewerAccess {
  viewer: ViewerContext;
  policy: PolicySnapshot;
  visibility: ViewerVisibility;
  permissions: Permissions;
  /** books the viewer may switch to */
  books: AddressBook[];
}

export class UnknownBookError extends Error {
  override readonly name = 'UnknownBookError';
}

/**
 * Builds each request's ViewerAccess from the current policy. The snapshot is cached in memory but
 * checked against `policy_version` (one indexed read) on every call, so a change made through any
 * instance applies to the very next request: no stale caches.
 */
export class PolicyService {
  #cached: PolicySnapshot | null = null;
  #loading: Promise<PolicySnapshot> | null = null;

  constructor(
    readonly repository: PolicyRepository,
    private readonly directory: PolicyDirectory,
    /** BRIDGE_SUPER_ADMINS: super admins from configuration, so a fresh install has someone to start with */
    private readonly configSuperAdmins: readonly string[],
  ) {}

  async snapshot(): Promise<PolicySnapshot> {
    const version = await this.repository.version();
    if (this.#cached?.version === version) return this.#cached;
    this.#loading ??= this.repository.snapshot().finally(() => {
      this.#loading = null;
    });
    const loaded = await this.#loading;
    if ((this.#cached?.version ?? -1) < loaded.version) this.#cached = loaded;
    return loaded;
  }

  /** Role assignments from the database plus the configured super admins (read-only). */
  roles(policy: PolicySnapshot): RoleAssignment[] {
    const configured = this.configSuperAdmins
      .filter((email) => !policy.roles.some((r) => r.role === 'super_admin' && sameEmail(r.email, email)))
      .map((email) => ({ id: `config:${email.toLowerCase()}`, email: email.toLowerCase(), role: 'super_admin' as const, deptIds: [], fromConfig: true, updatedAt: 0, updatedBy: 'configuration' }));
    return [...configured, ...policy.roles];
  }

  async viewerContext(email: string): Promise<ViewerContext> {
    const override = await this.repository.mappingFor(email);
    const placement = override !== null ? this.directory.placement(override) : await this.directory.personByEmail(email);
    return { email, userid: placement?.userid ?? null, deptIds: placement?.deptIds ?? [] };
  }

  /** Throws UnknownBookError when `bookId` names no book this viewer may use. */
  async forViewer(email: string, bookId: string | null = null): Promise<ViewerAccess> {
    const [policy, viewer] = await Promise.all([this.snapshot(), this.viewerContext(email)]);
    const tree = this.directory.orgTree;
    const books = booksFor(policy, tree, viewer);
    let book: AddressBook | null = null;
    if (bookId !== null) {
      book = books.find((b) => b.id === bookId) ?? null;
      if (book === null) throw new UnknownBookError(`no address book ${bookId} for this viewer`);
    }
    return {
      viewer,
      policy,
      visibility: new ViewerVisibility(policy, tree, viewer, book),
      permissions: new Permissions(email, this.roles(policy), tree),
      books,
    };
  }
}
