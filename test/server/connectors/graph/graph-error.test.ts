import assert from 'node:assert/strict';
import { ErrorCodes } from '../../../../shared/errors.js';
import { fromGraphResponse, fromTokenResponse, parseRetryAfter, transportFailure } from '../../../../server/connectors/graph/graph-error.js';

const envelope = (code: string, message = 'm') => ({ error: { code, message, innerError: { 'request-id': 'rid-1', date: '2026-01-01T00:00:00Z' } } });

describe('server/connectors/graph/graph-error', () => {
  const cases: Array<[string, number, unknown, string, boolean]> = [
    ['410 Gone', 410, envelope('syncStateNotFound'), ErrorCodes.GRAPH_ERR_SYNC_STATE_GONE, false],
    ['400 syncStateNotFound', 400, envelope('syncStateNotFound'), ErrorCodes.GRAPH_ERR_SYNC_STATE_GONE, false],
    ['410 without a body', 410, undefined, ErrorCodes.GRAPH_ERR_SYNC_STATE_GONE, false],
    ['412 If-Match', 412, envelope('ErrorIrresolvableConflict'), ErrorCodes.GRAPH_ERR_PRECONDITION, false],
    ['409 change key conflict', 409, envelope('ErrorIrresolvableConflict'), ErrorCodes.GRAPH_ERR_PRECONDITION, false],
    ['409 other conflict', 409, envelope('ErrorFolderExists'), ErrorCodes.GRAPH_ERR_INVALID, false],
    ['401', 401, envelope('InvalidAuthenticationToken'), ErrorCodes.GRAPH_ERR_AUTH, false],
    ['403 RBAC', 403, envelope('ErrorAccessDenied', 'Access to OData is disabled.'), ErrorCodes.GRAPH_ERR_AUTH, false],
    ['404', 404, envelope('ErrorItemNotFound'), ErrorCodes.GRAPH_ERR_NOT_FOUND, false],
    ['404 no REST mailbox', 404, envelope('MailboxNotEnabledForRESTAPI'), ErrorCodes.GRAPH_ERR_NOT_FOUND, false],
    ['429', 429, envelope('ApplicationThrottled'), ErrorCodes.GRAPH_ERR_THROTTLED, true],
    ['503 throttle code', 503, envelope('ApplicationThrottled'), ErrorCodes.GRAPH_ERR_THROTTLED, true],
    ['500 store throttle', 500, envelope('ErrorTooManyObjectsOpened'), ErrorCodes.GRAPH_ERR_THROTTLED, true],
    ['503', 503, envelope('ServiceUnavailable'), ErrorCodes.GRAPH_ERR_UNAVAILABLE, true],
    ['504 HTML page', 504, undefined, ErrorCodes.GRAPH_ERR_UNAVAILABLE, true],
    ['400', 400, envelope('ErrorInvalidIdMalformed'), ErrorCodes.GRAPH_ERR_INVALID, false],
  ];
  for (const [name, status, body, code, retryable] of cases) {
    it(`maps ${name} to ${code}`, () => {
      const error = fromGraphResponse(status, body, {});
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.equal(error.retryable, retryable);
    });
  }

  it('keeps the upstream code, message and request id; honours Retry-After', () => {
    const error = fromGraphResponse(429, envelope('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'), { 'retry-after': '7', 'request-id': 'hdr-rid' });
    assert.equal(error.upstreamCode, 'ApplicationThrottled');
    assert.equal(error.message, 'Application is over its MailboxConcurrency limit.');
    assert.equal(error.requestId, 'hdr-rid');
    assert.equal(error.retryAfterMs, 7000);
    assert.equal(error.rejectedBeforeExecution, true);
    assert.equal(fromGraphResponse(404, envelope('X'), {}).requestId, 'rid-1', 'falls back to innerError request-id');
  });

  it('flags only 401 as a rejected token', () => {
    assert.equal(fromGraphResponse(401, envelope('InvalidAuthenticationToken')).tokenRejected, true);
    assert.equal(fromGraphResponse(403, envelope('ErrorAccessDenied')).tokenRejected, false);
  });

  it('parses Retry-After as seconds (fractions too) or an HTTP date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('0.25'), 250);
    assert.equal(parseRetryAfter(['3', '9']), 3000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')), 5000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });

  it('maps token endpoint errors: bad credentials are final, outages retryable', () => {
    const bad = fromTokenResponse(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x', trace_id: 't-1' });
    assert.equal(bad.code, ErrorCodes.GRAPH_ERR_AUTH);
    assert.equal(bad.retryable, false);
    assert.equal(bad.requestId, 't-1');
    assert.match(bad.message, /AADSTS7000215/);
    assert.doesNotMatch(bad.message, /Trace ID/);
    assert.equal(fromTokenResponse(503, undefined).retryable, true);
    assert.equal(fromTokenResponse(429, undefined, { 'retry-after': '1' }).retryAfterMs, 1000);
  });

  it('treats a transport failure as retryable with status 0', () => {
    const error = transportFailure('ECONNRESET', new Error('reset'));
    assert.equal(error.status, 0);
    assert.equal(error.retryable, true);
    assert.equal(error.rejectedBeforeExecution, false);
  });
});
