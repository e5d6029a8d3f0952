import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Response envelopes of the two DingTalk API families (shared/reference/dingtalk.md §1), reproduced exactly:
 * legacy answers HTTP 200 with `{errcode, errmsg, …, request_id}`; v1.0 answers 4xx/5xx with
 * `{code, message, requestid}`.
 */

/** Legacy request ids look like "15s9in2w1yat9": 13 lowercase base-36 characters. */
export function legacyRequestId(): string {
  return BigInt(`0x${randomBytes(9).toString('hex')}`).toString(36).padStart(13, '0').slice(-13);
}

/** v1.0 request ids are upper-case UUIDs. */
export function v1RequestId(): string {
  return randomUUID().toUpperCase();
}

export interface LegacyError {
  errcode: number;
  errmsg: string;
  sub_code?: string;
  sub_msg?: string;
  request_id: string;
}

export function legacyOk<T>(result: T): { errcode: 0; errmsg: 'ok'; result: T; request_id: string } {
  return { errcode: 0, errmsg: 'ok', result, request_id: legacyRequestId() };
}

export function legacyError(errcode: number, errmsg: string): LegacyError {
  return { errcode, errmsg, request_id: legacyRequestId() };
}

/** errcode 88 wraps auth failures in sub_code/sub_msg: `ding talk error[subcode=…,submsg=…]` (probe log). */
export function legacyAuthError(subCode: string, subMsg: string): LegacyError {
  return {
    errcode: 88,
    sub_code: subCode,
    sub_msg: subMsg,
    errmsg: `ding talk error[subcode=${subCode},submsg=${subMsg}]`,
    request_id: legacyRequestId(),
  };
}

export const LEGACY = {
  missingToken: () => legacyAuthError('40000', 'access_token is blank'),
  invalidToken: () => legacyAuthError('40014', '不合法的access_token'),
  expiredToken: () => legacyError(42001, 'access_token已过期'),
  qps: (api: string) =>
    legacyError(90018, `当前应用调用该接口的QPS已超过限制(QPS limit per appKey and API exceeded: ${api})，请降低调用频率`),
  /** Unknown topapi method: the ApiName comes from the path, `/topapi/v2/user/get` → `dingtalk.oapi.v2.user.get`. */
  unknownMethod: (path: string) => {
    const apiName = `dingtalk.oapi.${path.replace(/^\/topapi\//, '').replace(/\/+$/, '').replaceAll('/', '.')}`;
    const subMsg = `不合法ApiName，ApiName = ${apiName}`;
    return { errcode: 22, sub_msg: subMsg, errmsg: `Invalid method[submsg=${subMsg}]`, request_id: legacyRequestId() };
  },
  /** Non-topapi unknown path on the oapi host (probe log): HTTP 200, errcode 404. */
  unknownPath: () => ({ errcode: 404, errmsg: '请求的URI地址不存在' }),
  busy: () => legacyError(-1, '系统繁忙'),
} as const;

export interface V1Error {
  code: string;
  message: string;
  requestid: string;
}

export function v1Error(code: string, message: string): V1Error {
  return { code, requestid: v1RequestId(), message };
}

export const V1 = {
  missingToken: () => v1Error('AuthenticationFailed.MissingParameter', '缺少参数：x-acs-dingtalk-access-token'),
  invalidToken: () => v1Error('InvalidAuthentication', '不合法的access_token'),
  qps: (api: string) =>
    v1Error('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', `QPS limit for appKey and API exceeded: ${api}`),
  badCredentials: () => v1Error('invalidClientIdOrSecret', '无效的clientId或者clientSecret'),
  missingParameter: (name: string) => v1Error('missingParameter', `缺少参数：${name}`),
  invalidParameter: (message: string) => v1Error('invalidParameter', message),
  /** [inferred] The docs do not show the gateway's answer to an unknown v1.0 path. */
  notFound: (path: string) => v1Error('InvalidAction.NotFound', `Specified api is not found: ${path}`),
  unknownError: () => v1Error('unknownError', '系统错误'),
} as const;

/** What the transient5xx knobs answer: a gateway page, deliberately not a DingTalk envelope. */
export const GATEWAY_503_HTML =
  '<html><head><title>503 Service Temporarily Unavailable</title></head>' +
  '<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>';
