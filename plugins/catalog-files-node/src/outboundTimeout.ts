import type { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';

/**
 * How long the portal waits for one outbound system, and the config key that says so.
 *
 * @public
 */
export interface OutboundDeadline {
  /** The system as an operator knows it, e.g. `Azure Resource Manager` or `github.com`. */
  system: string;
  timeoutMs: number;
  /** The config key that sets `timeoutMs`, named in the error so the operator knows what to raise. */
  configKey: string;
}

/**
 * An outbound call that did not finish within its deadline. It is a ServiceUnavailableError
 * (its `name` stays `ServiceUnavailableError`, so the backend answers 503 with this message),
 * and callers that must tell a timeout from other outages check `instanceof`.
 *
 * @public
 */
export class OutboundTimeoutError extends ServiceUnavailableError {
  readonly system: string;
  readonly timeoutMs: number;
  readonly configKey: string;

  constructor(deadline: OutboundDeadline, subject: string) {
    super(
      `${deadline.system} did not answer within ${seconds(
        deadline.timeoutMs,
      )} s (${subject}). Try again later, or raise ${deadline.configKey} if ${
        deadline.system
      } is only slow.`,
    );
    this.system = deadline.system;
    this.timeoutMs = deadline.timeoutMs;
    this.configKey = deadline.configKey;
  }
}

/**
 * Reads a timeout in seconds from `configKey` (or takes `defaultSeconds`) as an
 * {@link OutboundDeadline}. A value that cannot work stops the backend at startup.
 *
 * @throws InputError when the configured value is not a positive number.
 * @public
 */
export function readOutboundDeadline(
  config: Config,
  options: { system: string; configKey: string; defaultSeconds: number },
): OutboundDeadline {
  const { system, configKey, defaultSeconds } = options;
  const timeoutSeconds = config.getOptionalNumber(configKey) ?? defaultSeconds;
  if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) {
    throw new InputError(
      `${configKey} is ${timeoutSeconds}; set a positive number of seconds (default ${defaultSeconds})`,
    );
  }
  return { system, configKey, timeoutMs: timeoutSeconds * 1000 };
}

/**
 * Runs one outbound call with a deadline. `call` gets an AbortSignal to hand to its SDK or
 * fetch, which fires at the deadline (or when `options.signal` does); the returned promise
 * rejects with an {@link OutboundTimeoutError} at the deadline even when the transport ignores
 * the signal, so a hung call never holds its caller, or a cache entry its caller keeps, longer
 * than the deadline.
 *
 * @param subject - what was being done, for the message, e.g. `reading https://…/slo.yaml`.
 * @public
 */
export async function withTimeout<T>(
  deadline: OutboundDeadline,
  subject: string,
  call: (signal: AbortSignal) => Promise<T>,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  const timeout = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout.signal])
    : timeout.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new OutboundTimeoutError(deadline, subject);
      // Rejected before aborting, so the race settles with this error and not with whatever
      // the transport makes of the abort.
      reject(error);
      timeout.abort(error);
    }, deadline.timeoutMs);
  });
  const result = Promise.resolve().then(() => call(signal));
  // The losing side of the race must not become an unhandled rejection.
  result.catch(() => {});
  try {
    return await Promise.race([result, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function seconds(ms: number): number {
  return ms / 1000;
}
