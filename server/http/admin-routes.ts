import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AddressBook,
  AddressBookInput,
  AuditPage,
  AuditQuery,
  FieldMask,
  FieldMaskInput,
  MyPermissions,
  PersonOverlay,
  PersonOverlayInput,
  RoleAssignment,
  RoleAssignmentInput,
  ViewerMapping,
  ViewerMappingInput,
  VisibilityRule,
  VisibilityRuleInput,
} from '../../shared/admin-api.js';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { DirectoryService } from '../directory/directory-service.js';
import type { PolicyService } from '../policy/policy-service.js';
import type { Permissions } from '../policy/roles.js';
import { auditCsv } from './audit-csv.js';
import { errorResponses } from './schemas.js';

export interface AdminRoutesOptions {
  policy: PolicyService;
  directory: DirectoryService;
  audit: AuditLog;
}

const DeptIdParam = Type.Object({ deptId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) });
const UseridParam = Type.Object({ userid: Type.String({ minLength: 1, maxLength: 64 }) });
const EmailParam = Type.Object({ email: Type.String({ minLength: 3, maxLength: 254, format: 'email' }) });
const NoContent = { 204: Type.Null(), ...errorResponses };

function forbidden(why: string): AppError {
  return new AppError(ErrorCodes.APP_ERR_FORBIDDEN, 403, why);
}

function notFound(what: string): AppError {
  return new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, `no such ${what}`);
}

const NOT_ADMIN = 'your role does not allow administering visibility';
const OUT_OF_SCOPE = 'this concerns departments outside the ones you administer';

/**
 * `/api/admin/*` and `/api/me/permissions`. Every handler first asks the viewer's Permissions (read per
 * request, so a role change applies to the next request); scope checks look at the stored object as well
 * as the requested one, so a sub-admin can neither widen nor take over an object outside their subtrees.
 * Writes go through PolicyRepository, which records each one in the audit log in the same transaction.
 */
export const adminRoutes: FastifyPluginAsyncTypebox<AdminRoutesOptions> = async (app, { policy, directory, audit }) => {
  const repo = policy.repository;
  const permissionsOf = async (request: { access(): Promise<{ permissions: Permissions }> }): Promise<Permissions> => (await request.access()).permissions;
  const actorOf = (request: { viewer: string | null }): { email: string } => ({ email: request.viewer ?? 'anonymous' });
  /** A person is in a sub-admin's scope when one of their departments is. */
  const personInScope = (permissions: Permissions, userid: string): boolean => {
    const placement = directory.placement(userid);
    return placement !== null && permissions.managesMailboxOf(placement.deptIds);
  };

  app.get(
    '/api/me/permissions',
    { schema: { tags: ['admin'], summary: "The viewer's roles and what they may administer", response: { 200: MyPermissions, ...errorResponses } } },
    async (request) => {
      const { permissions, viewer } = await request.access();
      return {
        email: viewer.email,
        userid: viewer.userid,
        roles: permissions.roles,
        canAdminister: permissions.canAdminister,
        canEditPeople: permissions.canEditPeople,
        canReadAudit: permissions.canReadAudit,
        canManageRoles: permissions.canManageRoles,
      };
    },
  );

  app.get(
    '/api/admin/departments',
    {
      schema: {
        tags: ['admin'],
        summary: 'Departments the viewer may administer or edit people in (for pickers)',
        response: { 200: Type.Object({ departments: Type.Array(Type.Object({ deptId: Type.Integer(), name: Type.String(), parentId: Type.Union([Type.Integer(), Type.Null()]) })) }), ...errorResponses },
      },
    },
    async (request) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canEditPeople) throw forbidden(NOT_ADMIN);
      return { departments: directory.allDepartments().filter((d) => permissions.managesDeptForPicker(d.deptId)) };
    },
  );

  // ---------------------------------------------------------------- visibility rules

  app.get(
    '/api/admin/visibility-rules',
    { schema: { tags: ['admin'], summary: 'Visibility rules of the departments the viewer administers', response: { 200: Type.Object({ rules: Type.Array(VisibilityRule) }), ...errorResponses } } },
    async (request) => {
      const { permissions, policy: snapshot } = await request.access();
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      const rules = [...snapshot.rules.values()].filter((r) => permissions.administersDept(r.deptId));
      const names = new Map(directory.allDepartments().map((d) => [d.deptId, d.name]));
      return { rules: rules.map((r) => ({ ...r, deptName: names.get(r.deptId) ?? null })) };
    },
  );

  app.put(
    '/api/admin/visibility-rules/:deptId',
    { schema: { tags: ['admin'], summary: 'Set who may see a department subtree', params: DeptIdParam, body: VisibilityRuleInput, response: { 200: VisibilityRule, ...errorResponses } } },
    async (request) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      if (directory.orgTree.department(request.params.deptId) === undefined) throw notFound('department');
      if (!permissions.administersDept(request.params.deptId)) throw forbidden(OUT_OF_SCOPE);
      return repo.putRule(actorOf(request), request.params.deptId, request.body);
    },
  );

  app.delete(
    '/api/admin/visibility-rules/:deptId',
    { schema: { tags: ['admin'], summary: "Remove a department's visibility rule", params: DeptIdParam, response: NoContent } },
    async (request, reply) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      if (!permissions.administersDept(request.params.deptId)) throw forbidden(OUT_OF_SCOPE);
      if (!(await repo.deleteRule(actorOf(request), request.params.deptId))) throw notFound('visibility rule');
      return reply.status(204).send(null);
    },
  );

  // ---------------------------------------------------------------- field masks

  app.get(
    '/api/admin/field-masks',
    { schema: { tags: ['admin'], summary: 'Field masks within the viewer’s departments', response: { 200: Type.Object({ masks: Type.Array(FieldMask) }), ...errorResponses } } },
    async (request) => {
      const { permissions, policy: snapshot } = await request.access();
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      return { masks: snapshot.masks.filter((m) => permissions.administersAll(m.targetDeptIds)) };
    },
  );

  app.post(
    '/api/admin/field-masks',
    { schema: { tags: ['admin'], summary: 'Hide fields of some people from some viewers', body: FieldMaskInput, response: { 201: FieldMask, ...errorResponses } } },
    async (request, reply) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      if (!permissions.administersAll(request.body.targetDeptIds)) throw forbidden(OUT_OF_SCOPE);
      // why: saveMask returns null only for an update of a missing id; a create always returns the mask
      return reply.status(201).send((await repo.saveMask(actorOf(request), null, request.body))!);
    },
  );

  app.put(
    '/api/admin/field-masks/:id',
    { schema: { tags: ['admin'], summary: 'Change a field mask', params: IdParam, body: FieldMaskInput, response: { 200: FieldMask, ...errorResponses } } },
    async (request) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      const existing = await repo.getMask(request.params.id);
      if (existing === null) throw notFound('field mask');
      if (!permissions.administersAll(existing.targetDeptIds) || !permissions.administersAll(request.body.targetDeptIds)) throw forbidden(OUT_OF_SCOPE);
      const saved = await repo.saveMask(actorOf(request), request.params.id, request.body);
      if (saved === null) throw notFound('field mask');
      return saved;
    },
  );

  app.delete(
    '/api/admin/field-masks/:id',
    { schema: { tags: ['admin'], summary: 'Remove a field mask', params: IdParam, response: NoContent } },
    async (request, reply) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      const existing = await repo.getMask(request.params.id);
      if (existing === null) throw notFound('field mask');
      if (!permissions.administersAll(existing.targetDeptIds)) throw forbidden(OUT_OF_SCOPE);
      await repo.deleteMask(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // ---------------------------------------------------------------- address books

  const bookInScope = (permissions: Permissions, book: { deptIds: readonly number[]; userids: readonly string[] }): boolean =>
    permissions.superAdmin || (permissions.administersAll(book.deptIds) && book.userids.every((u) => personInScope(permissions, u)));

  app.get(
    '/api/admin/address-books',
    { schema: { tags: ['admin'], summary: 'Address books within the viewer’s departments', response: { 200: Type.Object({ books: Type.Array(AddressBook) }), ...errorResponses } } },
    async (request) => {
      const { permissions, policy: snapshot } = await request.access();
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      return { books: snapshot.books.filter((b) => bookInScope(permissions, b)) };
    },
  );

  app.post(
    '/api/admin/address-books',
    { schema: { tags: ['admin'], summary: 'Create a named address book', body: AddressBookInput, response: { 201: AddressBook, ...errorResponses } } },
    async (request, reply) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      if (!bookInScope(permissions, request.body)) throw forbidden(OUT_OF_SCOPE);
      // why: saveBook returns null only for an update of a missing id; a create always returns the book
      return reply.status(201).send((await repo.saveBook(actorOf(request), null, request.body))!);
    },
  );

  app.put(
    '/api/admin/address-books/:id',
    { schema: { tags: ['admin'], summary: 'Change an address book', params: IdParam, body: AddressBookInput, response: { 200: AddressBook, ...errorResponses } } },
    async (request) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      const existing = await repo.getBook(request.params.id);
      if (existing === null) throw notFound('address book');
      if (!bookInScope(permissions, existing) || !bookInScope(permissions, request.body)) throw forbidden(OUT_OF_SCOPE);
      const saved = await repo.saveBook(actorOf(request), request.params.id, request.body);
      if (saved === null) throw notFound('address book');
      return saved;
    },
  );

  app.delete(
    '/api/admin/address-books/:id',
    { schema: { tags: ['admin'], summary: 'Remove an address book', params: IdParam, response: NoContent } },
    async (request, reply) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      const existing = await repo.getBook(request.params.id);
      if (existing === null) throw notFound('address book');
      if (!bookInScope(permissions, existing)) throw forbidden(OUT_OF_SCOPE);
      await repo.deleteBook(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // ---------------------------------------------------------------- roles (super admins only)

  app.get(
    '/api/admin/roles',
    { schema: { tags: ['admin'], summary: 'Role assignments', response: { 200: Type.Object({ assignments: Type.Array(RoleAssignment) }), ...errorResponses } } },
    async (request) => {
      const { permissions, policy: snapshot } = await request.access();
      if (!permissions.canManageRoles) throw forbidden('only super admins manage roles');
      return { assignments: policy.roles(snapshot) };
    },
  );

  app.post(
    '/api/admin/roles',
    { schema: { tags: ['admin'], summary: 'Assign a role', body: RoleAssignmentInput, response: { 201: RoleAssignment, ...errorResponses } } },
    async (request, reply) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canManageRoles) throw forbidden('only super admins manage roles');
      const { role, deptIds } = request.body;
      if (role === 'sub_admin' && deptIds.length === 0) throw new AppError(ErrorCodes.APP_ERR_VALIDATION, 400, 'a sub-admin needs at least one department');
      const unknown = deptIds.find((id) => directory.orgTree.department(id) === undefined);
      if (unknown !== undefined) throw new AppError(ErrorCodes.APP_ERR_VALIDATION, 400, `no department ${unknown}`);
      return reply.status(201).send(await repo.addRole(actorOf(request), request.body));
    },
  );

  app.delete(
    '/api/admin/roles/:id',
    { schema: { tags: ['admin'], summary: 'Revoke a role', params: IdParam, response: NoContent } },
    async (request, reply) => {
      const { permissions, policy: snapshot } = await request.access();
      if (!permissions.canManageRoles) throw forbidden('only super admins manage roles');
      const all = policy.roles(snapshot);
      const target = all.find((a) => a.id === request.params.id);
      if (target === undefined) throw notFound('role assignment');
      if (target.fromConfig) throw new AppError(ErrorCodes.APP_ERR_CONFLICT, 409, 'this super admin comes from configuration (BRIDGE_SUPER_ADMINS); change it there');
      if (target.role === 'super_admin' && all.filter((a) => a.role === 'super_admin').length === 1) {
        throw new AppError(ErrorCodes.APP_ERR_CONFLICT, 409, 'the last super admin cannot be removed');
      }
      await repo.deleteRole(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // ---------------------------------------------------------------- viewer mappings

  app.get(
    '/api/admin/viewer-mappings',
    { schema: { tags: ['admin'], summary: 'Sign-in e-mails mapped by hand to DingTalk people', response: { 200: Type.Object({ mappings: Type.Array(ViewerMapping) }), ...errorResponses } } },
    async (request) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      const mappings = await repo.mappings();
      return { mappings: mappings.filter((m) => permissions.superAdmin || personInScope(permissions, m.userid)) };
    },
  );

  app.put(
    '/api/admin/viewer-mappings/:email',
    { schema: { tags: ['admin'], summary: 'Map a sign-in e-mail to a DingTalk person', params: EmailParam, body: ViewerMappingInput, response: { 200: ViewerMapping, ...errorResponses } } },
    async (request) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      if (directory.placement(request.body.userid) === null) throw notFound('person');
      if (!personInScope(permissions, request.body.userid)) throw forbidden(OUT_OF_SCOPE);
      return repo.putMapping(actorOf(request), request.params.email, request.body.userid);
    },
  );

  app.delete(
    '/api/admin/viewer-mappings/:email',
    { schema: { tags: ['admin'], summary: 'Remove a hand-made mapping', params: EmailParam, response: NoContent } },
    async (request, reply) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canAdminister) throw forbidden(NOT_ADMIN);
      const current = await repo.mappingFor(request.params.email);
      if (current === null) throw notFound('viewer mapping');
      if (!personInScope(permissions, current)) throw forbidden(OUT_OF_SCOPE);
      await repo.deleteMapping(actorOf(request), request.params.email);
      return reply.status(204).send(null);
    },
  );

  // ---------------------------------------------------------------- HR overlay fields

  const editablePerson = (permissions: Permissions, userid: string): void => {
    if (!permissions.canEditPeople) throw forbidden('your role does not allow editing people');
    const placement = directory.placement(userid);
    if (placement === null) throw notFound('person');
    if (!permissions.editsPerson(placement.deptIds)) throw forbidden('this person is outside the departments you may edit');
  };

  app.get(
    '/api/admin/people/:userid/overlay',
    { schema: { tags: ['admin'], summary: "A person's overlay fields (tags, note, shown phones)", params: UseridParam, response: { 200: PersonOverlay, ...errorResponses } } },
    async (request) => {
      editablePerson(await permissionsOf(request), request.params.userid);
      return (await repo.overlay(request.params.userid)) ?? { userid: request.params.userid, tags: [], note: '', showMobile: true, showTelephone: true, updatedAt: 0, updatedBy: '' };
    },
  );

  app.put(
    '/api/admin/people/:userid/overlay',
    { schema: { tags: ['admin'], summary: "Set a person's overlay fields", params: UseridParam, body: PersonOverlayInput, response: { 200: PersonOverlay, ...errorResponses } } },
    async (request) => {
      editablePerson(await permissionsOf(request), request.params.userid);
      return repo.putOverlay(actorOf(request), request.params.userid, request.body);
    },
  );

  // ---------------------------------------------------------------- audit log

  const auditFilter = (q: AuditQuery) => ({
    limit: q.limit,
    ...(q.actor !== undefined ? { actor: q.actor } : {}),
    ...(q.action !== undefined ? { action: q.action } : {}),
    ...(q.target !== undefined ? { target: q.target } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.beforeSeq !== undefined ? { beforeSeq: q.beforeSeq } : {}),
  });

  app.get(
    '/api/admin/audit',
    { schema: { tags: ['admin'], summary: 'The audit log, newest first, filtered', querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses } } },
    async (request) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canReadAudit) throw forbidden('only auditors and super admins read the audit log');
      const entries = await audit.list(auditFilter(request.query));
      const last = entries[entries.length - 1];
      return {
        entries: entries.map(({ prevHash: _prev, ...entry }) => entry),
        nextBeforeSeq: entries.length === request.query.limit && last !== undefined ? last.seq : null,
      };
    },
  );

  app.get(
    '/api/admin/audit.csv',
    { schema: { tags: ['admin'], summary: 'The filtered audit log as CSV', querystring: AuditQuery, produces: ['text/csv'] } },
    async (request, reply) => {
      const permissions = await permissionsOf(request);
      if (!permissions.canReadAudit) throw forbidden('only auditors and super admins read the audit log');
      const entries = await audit.list({ ...auditFilter(request.query), limit: Math.max(request.query.limit, 10_000) });
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"').send(auditCsv(entries));
    },
  );
};
