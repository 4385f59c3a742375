import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { generateService } from '../../src/cli.ts';
import { platform } from '../../src/platform.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

/**
 * Checkout crosses two services: payment-service calls order-service's API in the cluster, so
 * the one may leave towards the other and the other admits it — exactly those pods and port.
 */
describe('checkout: payment-service may reach order-service, and only it', () => {
  const out: Record<string, string> = {};
  before(async () => {
    for (const kind of ['order', 'payment', 'cart']) {
      out[kind] = mkdtempSync(
        path.join(tmpdir(), `commerce-checkout-${kind}-`),
      );
      await generateService(out[kind]!, sampleOptions[kind]!);
    }
  });
  after(() => {
    for (const dir of Object.values(out))
      rmSync(dir, { recursive: true, force: true });
  });
  const read = (kind: string, file: string) =>
    parse(readFileSync(path.join(out[kind]!, file), 'utf8'));

  it("configures payment-service with order-service's in-cluster URL and audience", () => {
    const data = read('payment', 'deploy/configmap.yaml').data;
    assert.equal(data.ORDER_SERVICE_URL, platform.orderService.url);
    assert.equal(data.ORDER_SERVICE_AUDIENCE, 'api://order-service');
    assert.match(
      platform.orderService.url,
      /^http:\/\/order-service-stable\.checkout-team\.svc/,
    );
  });

  it('lets payment-service out to order-service pods on the API port, and order-service admit it', () => {
    const egress = read(
      'payment',
      'deploy/networkpolicy-to-order-service.yaml',
    );
    assert.deepEqual(egress.spec.policyTypes, ['Egress']);
    assert.deepEqual(egress.spec.egress, [
      {
        to: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'checkout-team' },
            },
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'order-service' },
            },
          },
        ],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    const ingress = read(
      'order',
      'deploy/networkpolicy-from-payment-service.yaml',
    );
    assert.deepEqual(ingress.spec.ingress[0].from, [
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'payments-team' },
        },
        podSelector: {
          matchLabels: { 'app.kubernetes.io/name': 'payment-service' },
        },
      },
    ]);
    assert.ok(
      read('payment', 'deploy/kustomization.yaml').resources.includes(
        'networkpolicy-to-order-service.yaml',
      ),
    );
    assert.ok(
      read('order', 'deploy/kustomization.yaml').resources.includes(
        'networkpolicy-from-payment-service.yaml',
      ),
    );
    // Nobody else gets either policy.
    assert.ok(
      !read('cart', 'deploy/kustomization.yaml').resources.some((r: string) =>
        r.includes('order-service'),
      ),
    );
  });

  it("documents the roll-back (refund) in payment-service's decisions", () => {
    const adr = readFileSync(
      path.join(out.payment!, 'docs/decisions/0003-checkout-integrity.md'),
      'utf8',
    );
    assert.match(adr, /"Roll back" means refund/);
    assert.match(
      read('payment', 'mkdocs.yml').nav[1].Decisions.at(-1)[
        'Checkout integrity'
      ],
      /0003/,
    );
  });
});
