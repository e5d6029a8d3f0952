import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DepartmentView, MembersResponse, PersonDetail, SearchResponse } from '../../shared/directory-api.js';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import type { DirectoryService } from '../directory/directory-service.js';
import { errorResponses } from './schemas.js';

export interface DirectoryRoutesOptions {
  directory: DirectoryService;
}

const UserId = Type.String({ minLength: 1, maxLength: 64 });
const DeptId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

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
        }),
        response: { 200: SearchResponse, ...errorResponses },
      },
    },
    async (request) => {
      const results = await directory.search(request.query.q, request.viewer, request.query.limit);
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
      const person = await directory.person(request.params.userid);
      if (person === null) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such person');
      return person;
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
      const known = await directory.recordContactUse(request.viewer, request.params.userid);
      if (!known) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such person');
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/departments/:deptId',
    {
      schema: {
        tags: ['directory'],
        summary: 'A department with its path and direct children (1 = the organisation root)',
        params: Type.Object({ deptId: DeptId }),
        response: { 200: DepartmentView, ...errorResponses },
      },
    },
    async (request) => {
      const dept = directory.department(request.params.deptId);
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
        }),
        response: { 200: MembersResponse, ...errorResponses },
      },
    },
    async (request) => {
      if (directory.department(request.params.deptId) === null) {
        throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such department');
      }
      return directory.members(request.params.deptId, request.query);
    },
  );
};
