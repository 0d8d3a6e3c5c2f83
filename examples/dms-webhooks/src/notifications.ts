/**
 * The service's notifications: what the engine announces, read from its durable feed (not from
 * in-process listeners), turned into SMS by the notifier. The cursor is kept in a file, so a
 * restart goes on where the last saved page ended; a page read again after a crash is sent
 * again under the same idempotency keys, which the gateway drops.
 */
import {
  createNotifier,
  type Engine,
  fileCursorStore,
  type NotificationChannel,
  type NotificationTemplate,
  type Notifier,
} from '@dealercare/core';

/** The messages this service sends (the templates could also depend on the dealer's pack). */
export const TEMPLATES: readonly NotificationTemplate[] = [
  {
    id: 'visit-thanks',
    on: 'visit.scheduled',
    // The first-level visit only: the pack's duties (thank-you, usage check, …) have their own.
    when: { type: 'firstLevel' },
    channel: 'sms',
    text: '{customerName}您好，感谢您选择本店，客服将在近期与您联系。回复TD退订',
  },
  {
    id: 'complaint-received',
    on: 'complaint.received',
    channel: 'sms',
    text: '{customerName}您好，您的意见已受理，我们会尽快处理并回复您。回复TD退订',
  },
];

/** Options of {@link createServiceNotifier}. */
export interface ServiceNotifierOptions {
  /** The SMS channel: {@link httpSmsGateway}, or `consoleChannel()` in development. */
  readonly sms: NotificationChannel;
  /** Where the feed cursor is kept. */
  readonly cursorFile: string;
  /** Told of each message consent kept back. */
  readonly onSkipped?: (text: string) => void;
}

/** The notifier of the service. */
export function createServiceNotifier(engine: Engine, options: ServiceNotifierOptions): Notifier {
  return createNotifier({
    engine,
    channels: { sms: options.sms },
    templates: TEMPLATES,
    cursor: fileCursorStore(options.cursorFile),
    onSkipped: (s) =>
      options.onSkipped?.(
        `not sent: ${s.template.id} for ${s.event.dealerId}/${s.event.seq} (${s.reason.reason})`,
      ),
  });
}

/**
 * An SMS gateway over HTTP: `POST <url>` with the message as JSON and its key in the
 * `Idempotency-Key` header, which the gateway uses to send each key once. It answers
 * `{ "status": "sent" | "duplicate", "id": "…" }`; anything but a 2xx is a failed send (the
 * notifier retries the page later).
 */
export function httpSmsGateway(url: string): NotificationChannel {
  return {
    name: 'http-sms',
    async send(message) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.key },
        body: JSON.stringify({ to: message.to, text: message.text }),
      });
      if (!res.ok) throw new Error(`sms gateway answered ${res.status} for ${message.key}`);
      const body = (await res.json()) as { status?: string; id?: string };
      return {
        status: body.status === 'duplicate' ? 'duplicate' : 'sent',
        ...(body.id !== undefined ? { providerId: body.id } : {}),
      };
    },
  };
}
