import type {
  DeliveryStatus,
  InboundReply,
  NotificationChannel,
  OutgoingMessage,
} from './notification-channel';

/** A {@link NotificationChannel} for tests, with what it was handed to look at. */
export interface TestChannel extends NotificationChannel {
  /** Each message sent, once per key, in order. */
  readonly sent: readonly OutgoingMessage[];
  /** How many sends came with a key already sent (re-sends the key made harmless). */
  readonly duplicates: number;
  /** `delivered` once a key was sent, `unknown` before, or what `setStatus` set. */
  status(key: string): Promise<DeliveryStatus>;
  /** Subscribes to what {@link TestChannel.reply} sends; returns the unsubscribe. */
  onReply(handler: (reply: InboundReply) => void | Promise<void>): () => void;
  /** Sets what `status` answers for a key (default `delivered` once sent). */
  setStatus(key: string, status: DeliveryStatus): void;
  /** The customer answers the message sent under `key`; reply handlers are called. */
  reply(key: string, text: string, at?: string): Promise<void>;
  /** Makes the next `n` sends throw (a gateway outage). */
  failNext(n?: number): void;
}

/**
 * A channel that keeps what it is sent, deduplicated by idempotency key as a gateway would, and
 * lets a test reply, set statuses and simulate an outage. Pass `sentKeys` (e.g. a `Set` shared
 * by the test) to keep the gateway's memory across a simulated restart of the notifier.
 */
export function testChannel(
  options: { readonly name?: string; readonly sentKeys?: Set<string> } = {},
): TestChannel {
  const keys = options.sentKeys ?? new Set<string>();
  const sent: OutgoingMessage[] = [];
  const statuses = new Map<string, DeliveryStatus>();
  const handlers = new Set<(reply: InboundReply) => void | Promise<void>>();
  let duplicates = 0;
  let failing = 0;
  return {
    name: options.name ?? 'test',
    sent,
    get duplicates() {
      return duplicates;
    },
    async send(message) {
      if (failing > 0) {
        failing--;
        throw new Error(`test channel: send of ${message.key} failed (simulated outage)`);
      }
      if (keys.has(message.key)) {
        duplicates++;
        return { status: 'duplicate' };
      }
      keys.add(message.key);
      sent.push(message);
      return { status: 'sent', providerId: message.key };
    },
    async status(key) {
      return statuses.get(key) ?? (keys.has(key) ? 'delivered' : 'unknown');
    },
    onReply(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    setStatus(key, status) {
      statuses.set(key, status);
    },
    async reply(key, text, at = new Date().toISOString()) {
      const message = sent.find((m) => m.key === key);
      if (message === undefined) throw new Error(`test channel: no message sent under ${key}`);
      for (const h of handlers) await h({ message, text, at });
    },
    failNext(n = 1) {
      failing = n;
    },
  };
}
