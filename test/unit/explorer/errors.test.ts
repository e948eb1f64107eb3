import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromStatus, normaliseError } from '../../../src/k8s/errors';

const ctx = { verb: 'list', kind: 'nodes' as const, user: 'alice', context: 'kind-dev' };

test('403 names the verb, the kind, the scope and the user from the Status message', () => {
  const e = fromStatus(
    403,
    {
      reason: 'Forbidden',
      message:
        'nodes is forbidden: User "restricted" cannot list resource "nodes" in API group "" at the cluster scope',
    },
    ctx,
  );
  assert.equal(e.kind, 'forbidden');
  assert.equal(e.message, 'cannot list nodes at cluster scope: forbidden for user restricted');
  const p = fromStatus(403, undefined, { ...ctx, kind: 'pods', namespace: 'team-a' });
  assert.equal(p.message, 'cannot list pods in namespace team-a: forbidden for user alice');
});

test('404 on a CRD kind means the CRD is not installed', () => {
  const e = fromStatus(
    404,
    { message: 'the server could not find the requested resource' },
    { ...ctx, kind: 'tfjobs', namespace: 'default' },
  );
  assert.equal(e.kind, 'crdMissing');
  assert.match(e.message, /TFJob CRD not installed/);
  assert.equal(fromStatus(404, undefined, { ...ctx, verb: 'get', kind: 'pods' }).kind, 'notFound');
});

test('401, 409, 410 and 5xx', () => {
  assert.equal(fromStatus(401, undefined, ctx).kind, 'unauthorized');
  assert.match(fromStatus(401, undefined, ctx).hint, /kind-dev/);
  assert.equal(fromStatus(409, undefined, ctx).kind, 'conflict');
  assert.equal(fromStatus(410, { reason: 'Expired' }, ctx).kind, 'expired');
  assert.equal(fromStatus(503, undefined, ctx).kind, 'unreachable');
});

test('network errors wrapped in causes are unreachable', () => {
  const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
  const e = normaliseError(new TypeError('fetch failed', { cause: inner }), ctx);
  assert.equal(e.kind, 'unreachable');
  assert.match(e.message, /ECONNREFUSED/);
  assert.equal(normaliseError(new Error('weird'), ctx).kind, 'other');
});

test('errors carrying statusCode and a JSON body are read', () => {
  const e = normaliseError({ statusCode: 403, body: JSON.stringify({ message: 'User "x" cannot list' }) }, ctx);
  assert.equal(e.message, 'cannot list nodes at cluster scope: forbidden for user x');
});
