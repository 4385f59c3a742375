import { eventually } from './eventually';

describe('eventually', () => {
  it('returns once the check passes', async () => {
    let calls = 0;
    await eventually(
      () => {
        calls += 1;
        expect(calls).toBe(3);
      },
      { intervalMs: 1 },
    );
    expect(calls).toBe(3);
  });

  it("fails with the check's last error after the timeout", async () => {
    let calls = 0;
    await expect(
      eventually(
        () => {
          calls += 1;
          throw new Error(`still wrong after ${calls} tries`);
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/^still wrong after \d+ tries$/);
    expect(calls).toBeGreaterThan(1);
  });
});
