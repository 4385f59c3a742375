import {
  decideOwnerNotifications,
  type OwnerCondition,
} from './ownerNotifications';

const critical: OwnerCondition = {
  key: 'slo:component:default/checkout:availability',
  state: 'critical',
  quiet: false,
  recipients: ['group:default/team-checkout'],
  notification: { title: 'critical', severity: 'critical', topic: 'slo' },
};
const ok: OwnerCondition = {
  ...critical,
  state: 'ok',
  quiet: true,
  notification: { title: 'resolved', severity: 'normal', topic: 'slo' },
};

describe('decideOwnerNotifications', () => {
  it('notifies on entering the condition, with the key as the scope', () => {
    expect(decideOwnerNotifications(new Map(), [critical])).toEqual({
      changes: [
        {
          key: critical.key,
          state: 'critical',
          send: {
            recipients: ['group:default/team-checkout'],
            payload: {
              scope: critical.key,
              title: 'critical',
              severity: 'critical',
              topic: 'slo',
            },
          },
        },
      ],
    });
  });

  it('sends nothing when the recorded state is the same', () => {
    expect(
      decideOwnerNotifications(new Map([[critical.key, 'critical']]), [
        critical,
      ]),
    ).toEqual({ changes: [] });
  });

  it('records a quiet condition seen for the first time without notifying', () => {
    expect(decideOwnerNotifications(new Map(), [ok])).toEqual({
      changes: [{ key: ok.key, state: 'ok' }],
    });
  });

  it('sends the resolved notice when leaving the condition', () => {
    const { changes } = decideOwnerNotifications(
      new Map([[ok.key, 'critical']]),
      [ok],
    );
    expect(changes).toEqual([
      expect.objectContaining({
        state: 'ok',
        previous: 'critical',
        send: expect.objectContaining({
          payload: expect.objectContaining({ title: 'resolved' }),
        }),
      }),
    ]);
  });

  it('notifies on a change between two alerting states', () => {
    const { changes } = decideOwnerNotifications(
      new Map([[critical.key, 'warning']]),
      [critical],
    );
    expect(changes[0].send?.payload.title).toBe('critical');
  });

  it('records a change without a notification or recipients but sends nothing', () => {
    expect(
      decideOwnerNotifications(new Map(), [
        { ...critical, notification: undefined },
        { ...critical, key: 'other', recipients: [] },
      ]).changes.map(change => change.send),
    ).toEqual([undefined, undefined]);
  });

  it('keeps conditions absent from this refresh as they were (no change, nothing sent)', () => {
    expect(
      decideOwnerNotifications(new Map([['gone', 'critical']]), []),
    ).toEqual({ changes: [] });
  });

  it('refuses a key listed twice, naming it', () => {
    expect(() =>
      decideOwnerNotifications(new Map(), [critical, critical]),
    ).toThrow(`${critical.key} was listed twice`);
  });
});
