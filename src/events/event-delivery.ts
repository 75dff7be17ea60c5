import type { Job } from 'bullmq';
import axios from 'axios';
import type { JsonValue } from '../core/json';
import type { Hub } from '../hub';
import { QUEUES } from '../queues/names';
import { signEventBody } from './signature';

/** After this many failed attempts at one event, it becomes a dead letter and the subscriber moves on. */
export const EVENT_MAX_ATTEMPTS = 30;
const BATCH = 100;

export const EVENT_JOB_OPTIONS = {
  attempts: EVENT_MAX_ATTEMPTS,
  backoff: { type: 'hubBackoff' },
  removeOnComplete: true,
  removeOnFail: { age: 86400 },
};

/**
 * Delivers a subscriber's pending events in log order, one at a time: an event is sent only after
 * the one before it was acknowledged with a 2xx, so every order's events arrive in order. A failing
 * subscriber blocks only itself, is retried with backoff, and resumes where it stopped.
 */
export class EventDelivery {
  constructor(
    private readonly hub: Hub,
    private readonly timeoutMs = 10_000,
  ) {}

  async process(job: Job<{ subscriptionId: string }>): Promise<{ delivered: number }> {
    const subscription = await this.hub.stores.subscriptions.find(job.data.subscriptionId);
    if (!subscription) return { delivered: 0 };
    const secret = await this.hub.stores.subscriptions.secret(subscription.id);
    let delivered = 0;
    for (;;) {
      const events = await this.hub.stores.subscriptions.pendingEvents(
        {
          ...subscription,
          lastEventId: (await this.hub.stores.subscriptions.find(subscription.id))!.lastEventId,
        },
        BATCH,
      );
      if (events.length === 0) return { delivered };
      for (const event of events) {
        const body = JSON.stringify({
          id: event.id,
          type: event.type,
          createdAt: event.createdAt,
          data: event.data as JsonValue,
        });
        try {
          const response = await axios.post(subscription.url, body, {
            headers: {
              'content-type': 'application/json',
              'user-agent': 'channel-hub/0.1',
              'x-hub-event-id': event.id,
              'x-hub-event-type': event.type,
              'x-hub-signature-256': signEventBody(body, secret),
            },
            timeout: this.timeoutMs,
            maxRedirects: 0,
            validateStatus: () => true,
          });
          if (response.status < 200 || response.status >= 300)
            throw new Error(`the subscriber answered ${response.status}`);
        } catch (error) {
          const message = axios.isAxiosError(error)
            ? `the subscriber could not be reached: ${error.code ?? error.message}`
            : (error as Error).message;
          const attempts = await this.hub.stores.subscriptions.recordFailure(subscription.id, message);
          this.hub.metrics.eventDeliveries.inc({ outcome: 'failed' });
          if (attempts >= EVENT_MAX_ATTEMPTS) {
            await this.hub.stores.deadLetters.add({
              tenantId: subscription.tenantId,
              integrationId: null,
              queue: QUEUES.events,
              jobName: 'event',
              jobId: event.id,
              payload: { subscriptionId: subscription.id, eventId: event.id, type: event.type },
              error: message,
              attempts,
              context: { url: subscription.url },
            });
            await this.hub.stores.subscriptions.acknowledge(subscription.id, event.id);
            continue;
          }
          throw new Error(message, { cause: error });
        }
        await this.hub.stores.subscriptions.acknowledge(subscription.id, event.id);
        this.hub.metrics.eventDeliveries.inc({ outcome: 'delivered' });
        delivered++;
      }
    }
  }
}

/** Wakes the delivery of every subscriber with events waiting (one job per subscriber at a time). */
export class EventDispatchLoop {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly hub: Hub,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const subscriptionId of await this.hub.stores.subscriptions.withPendingEvents()) {
        const queue = this.hub.queues[QUEUES.events];
        const existing = await queue.getJob(`deliver-${subscriptionId}`);
        if (existing && !(await existing.isCompleted()) && !(await existing.isFailed())) continue;
        if (existing) await existing.remove().catch(() => undefined);
        await queue.add(
          'deliver',
          { subscriptionId },
          { ...EVENT_JOB_OPTIONS, jobId: `deliver-${subscriptionId}` },
        );
      }
    } catch (error) {
      this.hub.log.warn({ err: (error as Error).message }, 'event dispatch paused');
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
