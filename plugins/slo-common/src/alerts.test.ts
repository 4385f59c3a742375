import { alertsOfServices, type PrometheusAlertEntry } from './alerts';

const alert = (
  name: string,
  labels: Record<string, string>,
  state: string,
  activeAt = '2026-12-07T10:00:00.11983645Z',
  annotations: Record<string, string> = {},
): PrometheusAlertEntry => ({
  labels: { alertname: name, ...labels },
  annotations,
  state,
  activeAt,
});

describe('alertsOfServices', () => {
  it('keeps the pending and firing alerts of the services, with what the card shows', () => {
    const alerts = alertsOfServices(
      [
        alert(
          'SLOBudgetBurnFast',
          {
            service: 'order-service',
            severity: 'page',
            slo: 'order-service-availability',
            team: 'checkout-team',
          },
          'firing',
          '2026-12-07T11:13:29.11983645Z',
          {
            summary: 'order service availability burns its error budget',
            description: 'longer text',
            runbook_url:
              'https://portal.example.com/docs/default/component/order-service/runbook/#slobudgetburnfast',
          },
        ),
        alert('SLOBudgetBurnFast', { service: 'cart-service' }, 'firing'),
        alert('Unlabelled', {}, 'firing'),
        alert('Resolved', { service: 'order-service' }, 'inactive'),
      ],
      ['order-service'],
    );
    expect(alerts).toEqual([
      {
        name: 'SLOBudgetBurnFast',
        state: 'firing',
        severity: 'page',
        slo: 'order-service-availability',
        since: '2026-12-07T11:13:29.119Z',
        summary: 'order service availability burns its error budget',
        runbookUrl:
          'https://portal.example.com/docs/default/component/order-service/runbook/#slobudgetburnfast',
      },
    ]);
  });

  it('puts firing before pending, pages before tickets, the oldest first', () => {
    const service = 'order-service';
    const alerts = alertsOfServices(
      [
        alert('PendingPage', { service, severity: 'page' }, 'pending'),
        alert(
          'NewTicket',
          { service, severity: 'ticket' },
          'firing',
          '2026-12-07T10:30:00Z',
        ),
        alert(
          'OldTicket',
          { service, severity: 'ticket' },
          'firing',
          '2026-12-07T09:00:00Z',
        ),
        alert(
          'NewPage',
          { service, severity: 'page' },
          'firing',
          '2026-12-07T10:45:00Z',
        ),
      ],
      [service, 'order-service-worker'],
    );
    expect(alerts.map(a => a.name)).toEqual([
      'NewPage',
      'OldTicket',
      'NewTicket',
      'PendingPage',
    ]);
  });

  it('falls back to the description and drops a time Prometheus leaves at zero', () => {
    const [only] = alertsOfServices(
      [
        {
          labels: { service: 'order-service' },
          annotations: { description: 'what happened' },
          state: 'pending',
          activeAt: '0001-01-01T00:00:00Z',
        },
      ],
      ['order-service'],
    );
    expect(only).toEqual({
      name: 'unnamed alert',
      state: 'pending',
      severity: undefined,
      slo: undefined,
      since: undefined,
      summary: 'what happened',
      runbookUrl: undefined,
    });
  });

  it('finds nothing for a service without objectives', () => {
    expect(
      alertsOfServices(
        [alert('X', { service: 'order-service' }, 'firing')],
        [],
      ),
    ).toEqual([]);
  });
});
