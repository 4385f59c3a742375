import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { decisionDueConditions } from './decisionNotifications';

const record = (overrides: Partial<DecisionRecord> = {}): DecisionRecord => ({
  entityRef: 'system:default/commerce',
  file: '0009-defer-service-mesh.md',
  title: 'Defer the service mesh',
  status: 'deferred',
  decisionMakers: ['team-platform'],
  revisitBy: '2026-11-01',
  overdue: false,
  triggerEvaluation: [],
  triggerFired: false,
  problems: [],
  ...overrides,
});

describe('decisionDueConditions', () => {
  it('is quiet and sends nothing for a deferred decision not yet due, or one decided', () => {
    for (const r of [
      record(),
      record({ status: 'accepted', overdue: false }),
    ]) {
      expect(decisionDueConditions([r])).toEqual([
        {
          key: 'decision:system:default/commerce:0009-defer-service-mesh.md',
          state: 'not-due',
          quiet: true,
          recipients: ['group:default/team-platform'],
        },
      ]);
    }
  });

  it('is overdue (high) past its revisit-by, naming the date, for the decision makers', () => {
    const [condition] = decisionDueConditions([record({ overdue: true })]);
    expect(condition).toMatchObject({
      state: 'overdue',
      quiet: false,
      recipients: ['group:default/team-platform'],
      notification: {
        title: 'Decision overdue: Defer the service mesh',
        severity: 'high',
        topic: 'platform-decision-due',
        link: '/catalog/default/system/commerce/decisions',
      },
    });
    expect(condition.notification?.description).toContain(
      'it was to be revisited by 2026-11-01',
    );
  });

  it('is due (normal) when its trigger fired, naming the clause', () => {
    const [condition] = decisionDueConditions([
      record({
        triggerFired: true,
        triggerEvaluation: [
          {
            clause: 'services > 6',
            evaluable: true,
            fired: true,
            detail: '7 services',
          },
        ],
      }),
    ]);
    expect(condition.state).toBe('due');
    expect(condition.notification?.severity).toBe('normal');
    expect(condition.notification?.description).toContain(
      'its trigger fired: "services > 6" (7 services)',
    );
  });

  it("notifies the entity's owner when the record names no decision maker", () => {
    const [condition] = decisionDueConditions([
      record({ overdue: true, decisionMakers: [] }),
    ]);
    expect(condition.recipients).toEqual(['system:default/commerce']);
  });
});
