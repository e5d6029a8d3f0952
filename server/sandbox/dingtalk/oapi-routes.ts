import type { FastifyInstance } from 'fastify';
import { LEGACY, legacyError, legacyOk } from './envelopes.js';
import { takeLegacyFailedList } from './failed-results.js';
import { authenticateLegacy } from './gateway-auth.js';
import { departmentDetail, listSubDepartments, userDetail, userListPage, type UserOrder } from './org-views.js';
import type { SandboxState } from './sandbox-state.js';
import {
  optionalBoolean,
  optionalEnum,
  optionalInt,
  ParamError,
  parseBody,
  requiredInt,
  requiredString,
  type Params,
} from './topapi-params.js';

type Handler = (params: Params) => object;

const deptNotFound = (): object => legacyError(60003, '部门不存在');
const userNotFound = (): object => legacyError(60121, '找不到该用户');
const ORDERS: readonly UserOrder[] = ['custom', 'entry_asc', 'entry_desc', 'modify_asc', 'modify_desc'];

/** The contacts methods of the legacy topapi (shared/reference/dingtalk.md §3), keyed by path. */
function contactHandlers(state: SandboxState): Record<string, Handler> {
  const store = state.org;
  return {
    '/topapi/v2/department/listsub': (p) => {
      const list = listSubDepartments(store, optionalInt(p, 'dept_id') ?? 1);
      return list === null ? deptNotFound() : legacyOk(list);
    },
    '/topapi/v2/department/listsubid': (p) => {
      const deptId = requiredInt(p, 'dept_id');
      return store.hasDepartment(deptId) ? legacyOk({ dept_id_list: store.childIds(deptId) }) : deptNotFound();
    },
    '/topapi/v2/department/get': (p) => {
      const dept = departmentDetail(store, requiredInt(p, 'dept_id'));
      return dept === null ? deptNotFound() : legacyOk(dept);
    },
    '/topapi/v2/user/list': (p) => {
      const deptId = requiredInt(p, 'dept_id');
      const cursor = requiredInt(p, 'cursor', { min: 0 });
      const size = requiredInt(p, 'size', { min: 1, max: 100 });
      optionalBoolean(p, 'contain_access_limit');
      const page = userListPage(store, deptId, cursor, size, optionalEnum(p, 'order_field', ORDERS));
      return page === null ? deptNotFound() : legacyOk(page);
    },
    '/topapi/user/listid': (p) => {
      const deptId = requiredInt(p, 'dept_id');
      return store.hasDepartment(deptId) ? legacyOk({ userid_list: store.memberIds(deptId) }) : deptNotFound();
    },
    '/topapi/v2/user/get': (p) => {
      const userid = requiredString(p, 'userid');
      if (userid.length > 64) return legacyError(33012, '无效的USERID');
      const user = store.user(userid);
      return user === undefined ? userNotFound() : legacyOk(userDetail(user));
    },
    '/topapi/user/getbyunionid': (p) => {
      const userid = store.useridByUnionid(requiredString(p, 'unionid'));
      return userid === undefined ? userNotFound() : legacyOk({ contact_type: 0, userid });
    },
    '/topapi/user/count': (p) => {
      const onlyActive = optionalBoolean(p, 'only_active') ?? false;
      let count = 0;
      for (const user of store.users()) if (!onlyActive || user.active === true) count += 1;
      return legacyOk({ count });
    },
  };
}

export interface OapiRoutesOptions {
  state: SandboxState;
  appKey: string;
  appSecret: string;
}

/**
 * The oapi.dingtalk.com family: `/gettoken`, the contacts topapi and the legacy failed-push API; always HTTP 200.
 * Bodies are kept as raw strings (own content-type parser, encapsulated in this plugin) so malformed JSON or an
 * odd Content-Type becomes a 40035 envelope instead of Fastify's 400/415.
 * Order per topapi request: token (88/42001) → QPS (90018) → body (40035) → method.
 */
export function oapiRoutes({ state, appKey, appSecret }: OapiRoutesOptions): (api: FastifyInstance) => Promise<void> {
  return async (api) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    api.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
      request.log.warn({ err: error }, 'topapi request failed');
      const clientError = error.statusCode !== undefined && error.statusCode < 500;
      return reply.code(200).send(clientError ? legacyError(40035, `不合法的参数: ${error.message}`) : LEGACY.busy());
    });

    for (const [path, handler] of Object.entries(contactHandlers(state))) {
      api.post(path, async (request) => {
        let params: Params = {};
        let bodyError: ParamError | null = null;
        try {
          params = parseBody(request);
        } catch (error) {
          if (!(error instanceof ParamError)) throw error;
          bodyError = error;
        }
        const query = request.query as Record<string, unknown>;
        const auth = authenticateLegacy(state, query['access_token'] ?? params['access_token'], path);
        if (!auth.ok) return auth.body;
        if (bodyError !== null) return legacyError(bodyError.errcode, bodyError.message);
        try {
          return handler(params);
        } catch (error) {
          if (error instanceof ParamError) return legacyError(error.errcode, error.message);
          throw error;
        }
      });
    }

    // §2.1: the ancient corpid/corpsecret names are accepted as aliases, as the SDK does.
    api.get('/gettoken', async (request) => {
      const query = request.query as Record<string, string | undefined>;
      const key = query['appkey'] ?? query['corpid'];
      const secret = query['appsecret'] ?? query['corpsecret'];
      if (!key) return legacyError(40035, '缺少参数 appkey');
      if (!secret) return legacyError(40035, '缺少参数 appsecret');
      if (!state.traffic.allow(key, '/gettoken')) return LEGACY.qps('/gettoken');
      if (key !== appKey || secret !== appSecret) return { errcode: 40096, errmsg: '不合法的appKey或appSecret' };
      const { token, expiresIn } = state.tokens.issue(key);
      return { errcode: 0, access_token: token, errmsg: 'ok', expires_in: expiresIn };
    });

    api.get('/call_back/get_call_back_failed_result', async (request) => {
      const path = '/call_back/get_call_back_failed_result';
      const auth = authenticateLegacy(state, (request.query as Record<string, unknown>)['access_token'], path);
      if (!auth.ok) return auth.body;
      return { errcode: 0, errmsg: 'ok', ...takeLegacyFailedList(state) };
    });
  };
}
