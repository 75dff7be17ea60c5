import { DelayedError, type Job } from 'bullmq';
import axios from 'axios';
import type { JsonValue } from '../core/json';
import { backoffDelay, CALL_RETRY_POLICY } from '../core/retry-policy';
import type { PendingEvent, Subscription } from '../db/subscription-store';
import type { Hub } from '../hub';
import { QUEUES } from '../queues/names';
import { checkStoreUrl } from '../services/store-url-policy';
import { signEventBody } from './signature';

const BATCH = 100;

/** Waits between failed deliveries of one event: exponential from 1 s, at most 5 minutes, with jitter. */
export const EVENT_RETRY_POLICY = { ...CALL_RETRY_POLICY, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/**
 * A delivery job's own attempts only cover the hub's failures (PostgreSQL away, say). A subscriber
 * that fails puts the job back to wait, per event, counted in the subscription's `head_attempts`;
 * after `EVENT_MAX_ATTEMPTS` failures of one event it becomes a dead letter and the subscriber moves on.
 */
export const EVENT_JOB_OPTIONS = {
  attempts: 10,
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

  async process(job: Job<{ subscriptionId: string; eventId?: string }>): Promise<{ delivered: number }> {
    if (job.data.eventId) return this.redeliver(job.data.subscriptionId, job.data.eventId);
    const subscriptions = this.hub.stores.subscriptions;
    const lock = await subscriptions.lockDelivery(job.data.subscriptionId);
    if (!lock) return { delivered: 0 }; // another process is delivering to this subscriber
    try {
      return await this.deliverPending(job);
    } finally {
      await lock.release();
    }
  }

  private async deliverPending(job: Job<{ subscriptionId: string }>): Promise<{ delivered: number }> {
    const subscriptions = this.hub.stores.subscriptions;
    let subscription = await subscriptions.find(job.data.subscriptionId);
    if (!subscription) return { delivered: 0 };
    const secret = await subscriptions.secret(subscription.id);
    const refusal = await this.urlRefusal(subscription.url);
    let delivered = 0;
    for (;;) {
      const events = await subscriptions.pendingEvents(subscription, BATCH);
      if (events.length === 0) return { delivered };
      for (const event of events) {
        const failure = refusal ?? (await this.send(subscription, secret, event));
        if (failure === null) {
          await subscriptions.acknowledge(subscription.id, event.id);
          this.hub.metrics.eventDeliveries.inc({ outcome: 'delivered' });
          delivered++;
          continue;
        }
        const attempts = await subscriptions.recordFailure(subscription.id, failure);
        this.hub.metrics.eventDeliveries.inc({ outcome: 'failed' });
        if (attempts >= this.hub.config.eventMaxAttempts) {
          await this.hub.stores.deadLetters.add({
            tenantId: subscription.tenantId,
            integrationId: null,
            queue: QUEUES.events,
            jobName: 'event',
            jobId: event.id,
            payload: {
              subscriptionId: subscription.id,
              eventId: event.id,
              type: event.type,
              tenantId: subscription.tenantId,
            },
            error: failure,
            attempts,
            context: { url: subscription.url, orderId: event.orderId },
          });
          await subscriptions.acknowledge(subscription.id, event.id);
          continue;
        }
        // Waits for its next try without spending the job's own attempts: the subscriber's
        // failures are counted per event, above.
        await job.moveToDelayed(Date.now() + backoffDelay(EVENT_RETRY_POLICY, attempts), job.token);
        throw new DelayedError(failure);
      }
      subscription = await subscriptions.find(subscription.id);
      if (!subscription) return { delivered };
    }
  }

  /**
   * A dead-lettered event sent again on an operator's replay: that one event, signed as before,
   * whatever the subscriber's cursor; the job's own attempts retry it.
   */
  private async redeliver(subscriptionId: string, eventId: string): Promise<{ delivered: number }> {
    const subscription = await this.hub.stores.subscriptions.find(subscriptionId);
    if (!subscription) return { delivered: 0 };
    const event = await this.hub.stores.subscriptions.event(subscription, eventId);
    if (!event) return { delivered: 0 };
    const failure =
      (await this.urlRefusal(subscription.url)) ??
      (await this.send(subscription, await this.hub.stores.subscriptions.secret(subscriptionId), event));
    if (failure !== null) throw new Error(failure);
    this.hub.metrics.eventDeliveries.inc({ outcome: 'delivered' });
    return { delivered: 1 };
  }

  /**
   * Why the hub will not post to the URL now, if it will not: the address rules of store URLs hold
   * for subscribers too, checked again before each run (a name may have come to resolve elsewhere).
   */
  private async urlRefusal(url: string): Promise<string | null> {
    try {
      await checkStoreUrl(url, this.hub.config.allowedStoreHosts);
      return null;
    } catch (error) {
      return `the subscriber URL is not allowed: ${(error as Error).message.replace(/^storeUrl /, '')}`;
    }
  }

  /** POSTs one event, signed on the exact bytes sent; null when the subscriber answered 2xx, else why not. */
  private async send(
    subscription: Subscription,
    secret: string,
    event: PendingEvent,
  ): Promise<string | null> {
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
        // The body is sent as the string that was signed, never re-serialised.
        transformRequest: [(data: string) => data],
      });
      return response.status >= 200 && response.status < 300
        ? null
        : `the subscriber answered ${response.status}`;
    } catch (error) {
      return axios.isAxiosError(error)
        ? `the subscriber could not be reached: ${error.code ?? error.message}`
        : (error as Error).message;
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
