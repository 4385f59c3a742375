import { grafanaDashboardUrl, runbookPath } from './links';

describe('runbookPath', () => {
  it('is the TechDocs page the generated alerts point at, in lower case', () => {
    expect(
      runbookPath({
        kind: 'Component',
        namespace: 'default',
        name: 'order-service',
      }),
    ).toBe('/docs/default/component/order-service/runbook/');
    expect(runbookPath({ kind: 'Component', name: 'Cart' })).toBe(
      '/docs/default/component/cart/runbook/',
    );
  });
});

describe('grafanaDashboardUrl', () => {
  it('keeps a path prefix and drops trailing slashes', () => {
    expect(
      grafanaDashboardUrl(
        'https://grafana.example.com/monitoring/',
        'slo-order-service',
      ),
    ).toBe('https://grafana.example.com/monitoring/d/slo-order-service');
  });
});
