import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCodes } from '../../shared/errors.js';
import { AppError } from '../app-error.js';
import { signInRequired } from '../identity/viewer-resolver.js';
import { UnknownBookError, type PolicyService, type ViewerAccess } from '../policy/policy-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * What the signed-in viewer may see and do, under the current policy (read per request). `book`
     * narrows visibility to one of the viewer's address books. Memoised per request; `fresh` re-reads
     * (long-lived streams evaluate each event under the policy current at that moment).
     */
    access(book?: string | null, options?: { fresh?: boolean }): Promise<ViewerAccess>;
  }
}

/** Decorates every request with `access()`; routes never evaluate policy themselves. */
export const viewerAccessPlugin = fp<{ policy: PolicyService }>(
  async (app, { policy }) => {
    const cache = new WeakMap<FastifyRequest, Map<string, Promise<ViewerAccess>>>();
    app.decorateRequest('access', function (this: FastifyRequest, book?: string | null, options?: { fresh?: boolean }) {
      const viewer = this.viewer;
      if (viewer === null) return Promise.reject(signInRequired());
      let perRequest = cache.get(this);
      if (perRequest === undefined) cache.set(this, (perRequest = new Map()));
      const key = book ?? '';
      let pending = options?.fresh === true ? undefined : perRequest.get(key);
      if (pending === undefined) {
        pending = policy.forViewer(viewer, book ?? null).catch((error: unknown) => {
          if (error instanceof UnknownBookError) throw new AppError(ErrorCodes.APP_ERR_NOT_FOUND, 404, 'no such address book');
          throw error;
        });
        perRequest.set(key, pending);
      }
      return pending;
    });
  },
  { name: 'viewer-access', dependencies: ['viewer'] },
);
