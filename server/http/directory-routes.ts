import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AddressBookChoices } from '../../shared/admin-api.js';
import { DepartmentView, MembersResponse, PersonDetail, SearchResponse } from '../../shared/directory-api.js';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { DirectoryService } from '../directory/directory-service.js';
import { externalDetail, parseExternalUserid, searchExternal } from '../policy/external-contacts.js';
import { errorResponses } from './schemas.js';

export interface DirectoryRoutesOptions {
  directory: DirectoryService;
}

/** DingTalk userids, or `ext:<book>:<n>` for an address book's external contacts */
const UserId = Type.String({ minLength: 1, maxLength: 160 });
const DeptId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
/** an address book the viewer may switch to (GET /address-books); absent = the whole directory */
const Book = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));

/** Search, browse and contact-card routes of the directory. */
export const directoryRoutes: FastifyPluginAsyncTypebox<DirectoryRoutesOptions> = async (app, { directory }) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['directory'],
        summary: 'Search people by name, pinyin, initials, title, English name, e-mail, phone or job number',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 100 }),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          book: Book,
        }),
        response: { 200: SearchResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { visibility } = await request.access(request.query.book);
      const people = await directory.search(request.query.q, request.viewer, request.query.limit, visibility);
      const book = visibility.book;
      const externals = book === null ? [] : searchExternal(book, request.query.q, request.query.limit - people.length);
      const results = [...people, ...externals];
      return { query: request.query.q, results };
    },
  );

  app.get(
    '/people/:userid',
    {
      schema: {
        tags: ['directory'],
        summary: 'One person (contact card)',
        params: Type.Object({ userid: UserId }),
        response: { 200: PersonDetail, ...errorResponses },
      },
    },
    async (request) => {
      const { visibility, policy, books } = await request.access();
      const external = parseExternalUserid(request.params.userid);
      if (external !== null) {
        // Only a viewer who may use the book sees its external contacts.
        const book = books.find((b) => b.id === external.bookId);
        const detail = book === undefined ? null : externalDetail(book, external.index);
        if (detail === null) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such person');
        return detail;
      }
      const person = await directory.person(request.params.userid, visibility);
      // Not visible and not existing are the same answer, so probing userids reveals nothing.
      if (person === null) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such person');
      const overlay = policy.overlays.get(person.userid);
      return overlay === undefined ? person : { ...person, tags: overlay.tags, ...(overlay.note === '' ? {} : { note: overlay.note }) };
    },
  );

  app.post(
    '/people/:userid/use',
    {
      schema: {
        tags: ['directory'],
        summary: 'Record that the viewer contacted this person (ranks frequent contacts first)',
        params: Type.Object({ userid: UserId }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.viewer === null) throw new AppError(ErrorCodes.APP_ERR_UNAUTHORIZED, 401, 'a signed-in viewer is required');
      const { visibility } = await request.access();
      const known = await directory.recordContactUse(request.viewer, request.params.userid, visibility);
      if (!known) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such person');
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/address-books',
    {
      schema: {
        tags: ['directory'],
        summary: 'Address books the viewer may switch to (the whole directory is the default and is not listed)',
        response: { 200: AddressBookChoices, ...errorResponses },
      },
    },
    async (request) => {
      const { books } = await request.access();
      return { books: books.map((b) => ({ id: b.id, name: b.name })) };
    },
  );

  app.get(
    '/departments/:deptId',
    {
      schema: {
        tags: ['directory'],
        summary: 'A department with its path and direct children (1 = the organisation root)',
        params: Type.Object({ deptId: DeptId }),
        querystring: Type.Object({ book: Book }),
        response: { 200: DepartmentView, ...errorResponses },
      },
    },
    async (request) => {
      const { visibility } = await request.access(request.query.book);
      const dept = await directory.department(request.params.deptId, visibility);
      if (dept === null) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such department');
      return dept;
    },
  );

  app.get(
    '/departments/:deptId/members',
    {
      schema: {
        tags: ['directory'],
        summary: 'Direct members of a department, by name, paged',
        params: Type.Object({ deptId: DeptId }),
        querystring: Type.Object({
          offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          book: Book,
        }),
        response: { 200: MembersResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { visibility } = await request.access(request.query.book);
      if (!visibility.canSeeDept(request.params.deptId)) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such department');
      return directory.members(request.params.deptId, { offset: request.query.offset, limit: request.query.limit }, visibility);
    },
  );
};
