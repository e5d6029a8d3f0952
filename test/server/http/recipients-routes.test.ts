import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LookalikeIndex } from '../../../server/directory/lookalike/lookalike-index.js';
import { registerErrorHandling } from '../../../server/http/error-handler.js';
import { recipientsRoutes } from '../../../server/http/recipients-routes.js';
import type { DirectoryAccess } from '../../../server/directory/access.js';
import type { ViewerAccess } from '../../../server/policy/policy-service.js';
import '../../../server/http/viewer-access.js';

const OURS = 'dingdemo.example.com';

const PLACEMENTS: Record<string, { userid: string; deptIds: number[] }> = { zhangsan: { userid: 'zhangsan', deptIds: [2] }, lisi: { userid: 'lisi', deptIds: [3] } };

/**
 * The route as app.ts registers it: same Ajv options, same error handler, same prefix; the viewer's access
 * is a stand-in that hides the people of `hiddenDepts` (the policy itself is tested in test/server/policy).
 */
async function build(hiddenDepts: number[] = []): Promise<FastifyInstance> {
  const app = Fastify({ ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', allErrors: false } } }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandling(app);
  const visibility: DirectoryAccess = {
    canSeePerson: (p) => !p.deptIds.some((d) => hiddenDepts.includes(d)),
    canSeeDept: (d) => !hiddenDepts.includes(d),
    hiddenFields: () => new Set(),
  };
  // why: the route reads only `visibility`; a full ViewerAccess would need the whole policy stack
  app.decorateRequest('access', async () => ({ visibility }) as unknown as ViewerAccess);
  const lookalikes = LookalikeIndex.from([
    { userid: 'zhangsan', name: '张三', addresses: [`zhangsl@${OURS}`] },
    { userid: 'lisi', name: '李四', addresses: [`lisi@${OURS}`] },
  ]);
  await app.register(recipientsRoutes, { prefix: '/api/recipients', lookalikes, internalDomains: () => [OURS], placementOf: (userid) => PLACEMENTS[userid] ?? null });
  await app.ready();
  return app;
}

describe('server/http/recipients-routes', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await build();
  });
  after(async () => {
    await app.close();
  });

  it('answers the warnings for lookalike recipients and nothing for correct ones', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/recipients/check',
      payload: { recipients: [`zhangs1@${OURS}`, `lisi@${OURS}`, 'friend@gmail.com', 'zhangsl@dingdemo.examp1e.com'] },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      warnings: [
        {
          address: `zhangs1@${OURS}`,
          reason: 'lookalike',
          resembles: { email: `zhangsl@${OURS}`, name: '张三', userid: 'zhangsan' },
          detail: `differs from zhangsl@${OURS} only by '1' instead of 'l'`,
        },
        {
          address: 'zhangsl@dingdemo.examp1e.com',
          reason: 'domain-lookalike',
          resembles: { email: `zhangsl@${OURS}`, name: '张三', userid: 'zhangsan' },
          resemblesDomain: OURS,
          detail: `the domain dingdemo.examp1e.com differs from ${OURS} only by '1' instead of 'l', so it looks like zhangsl@${OURS} (张三)`,
        },
      ],
    });
  });

  it('answers an empty list when every recipient is fine', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/recipients/check', payload: { recipients: [`lisi@${OURS}`] } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { warnings: [] });
  });

  it('rejects bad bodies with a 400 and the validation code', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /recipients/],
      [{ recipients: [] }, /fewer than 1/],
      [{ recipients: Array.from({ length: 501 }, (_, i) => `p${i}@x.cn`) }, /more than 500/],
      [{ recipients: [`${'a'.repeat(310)}@example.com`] }, /more than 320/],
      [{ recipients: [''] }, /fewer than 1/],
      [{ recipients: [{ email: 'a@b.cn' }] }, /string/],
    ];
    for (const [payload, message] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/recipients/check', payload: payload as object });
      assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 80));
      assert.equal(res.json().error.code, 'APP_ERR_VALIDATION');
      assert.match(res.json().error.message, message);
    }
  });

  it('rejects a body that is not JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/recipients/check', headers: { 'content-type': 'application/json' }, payload: '{"recipients": [' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'APP_ERR_BAD_PAYLOAD');
  });

  it('only answers POST', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/recipients/check' });
    assert.equal(res.statusCode, 404);
  });

  it('never suggests a person the viewer may not see', async () => {
    const restricted = await build([2]);
    try {
      const res = await restricted.inject({ method: 'POST', url: '/api/recipients/check', payload: { recipients: [`zhangs1@${OURS}`] } });
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes('zhangsl'), res.body);
      assert.ok(!res.body.includes('张三'), res.body);
    } finally {
      await restricted.close();
    }
  });
});
