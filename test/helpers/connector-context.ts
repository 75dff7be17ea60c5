import type { ConnectorContext, Lane, RateFeedback, RateGate } from '../../src/core/integration';

/** A rate gate that never waits and remembers what it was told, for connector unit tests. */
export class RecordingRateGate implements RateGate {
  readonly acquired: { cost: number; lane: Lane }[] = [];
  readonly feedback: RateFeedback[] = [];
  async acquire(cost: number, lane: Lane): Promise<number> {
    this.acquired.push({ cost, lane });
    return 0;
  }
  async report(feedback: RateFeedback): Promise<void> {
    this.feedback.push(feedback);
  }
}

export function connectorContext(
  overrides: Partial<ConnectorContext> = {},
): ConnectorContext & { rateGate: RecordingRateGate } {
  const warnings: { details: Record<string, unknown>; message: string }[] = [];
  return {
    integrationId: 'int_test',
    storeUrl: 'https://shop.example.com',
    credentials: {},
    state: {},
    lane: 'operational',
    log: {
      info: () => undefined,
      warn: (details, message) => warnings.push({ details, message }),
    },
    ...overrides,
    rateGate: (overrides.rateGate as RecordingRateGate | undefined) ?? new RecordingRateGate(),
  };
}
