import type { EntitySloReport, SloReport } from './api';
import { sloCriticalConditions } from './sloNotifications';

const slo = (measurement?: SloReport['measurement']): SloReport => ({
  name: 'checkout-availability',
  displayName: 'Availability',
  objective: 0.999,
  windowDays: 28,
  errorBudget: { allowedFailureRatio: 0.001, fullOutageMinutes: 40.32 },
  measurement,
});

const report = (slos: SloReport[]): EntitySloReport => ({
  entityRef: 'component:default/checkout',
  source: { type: 'prometheus', message: 'Prometheus' },
  problems: [],
  slos,
  alerts: { status: 'read', alerts: [] },
  dashboard: { message: 'no dashboard' },
});

const measured = (status: 'ok' | 'warning' | 'critical' | 'no-data') => ({
  status,
  burnRate1h: 15.2,
  burnRate6h: 7,
  budgetRemaining: 0.42,
  measuredAt: '2026-12-07T12:00:00.000Z',
});

describe('sloCriticalConditions', () => {
  it('makes a critical condition for the owner, naming the burn rates and budget', () => {
    const [condition] = sloCriticalConditions(
      report([slo(measured('critical'))]),
      'group:default/team-checkout',
    );
    expect(condition).toMatchObject({
      key: 'slo:component:default/checkout:checkout-availability',
      state: 'critical',
      quiet: false,
      recipients: ['group:default/team-checkout'],
      notification: {
        title: 'SLO critical: Availability of component:default/checkout',
        severity: 'critical',
        topic: 'slo-critical',
        link: '/catalog/default/component/checkout',
      },
    });
    expect(condition.notification.description).toContain(
      '1 h burn rate 15.2, 6 h burn rate 7.0, 42 % of the error budget left',
    );
  });

  it('is quiet for ok and warning, with a "no longer critical" notice', () => {
    for (const status of ['ok', 'warning'] as const) {
      const [condition] = sloCriticalConditions(
        report([slo(measured(status))]),
      );
      expect(condition).toMatchObject({
        state: 'not-critical',
        quiet: true,
        recipients: ['component:default/checkout'],
        notification: { severity: 'normal' },
      });
    }
  });

  it('gives no condition without a measurement or with no data', () => {
    expect(
      sloCriticalConditions(report([slo(), slo(measured('no-data'))])),
    ).toEqual([]);
  });
});
