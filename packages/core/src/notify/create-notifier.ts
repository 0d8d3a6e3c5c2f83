import { type ConsentRefusal, notificationConsent } from '../engine/contact-consent';
import type { Engine } from '../engine/create-engine';
import { NotFoundError, ValidationError } from '../errors';
import { SYSTEM_ACTOR } from '../model/actor';
import { usablePhones } from '../model/customer';
import type { DomainEvent } from '../model/domain-event';
import type { CompiledRulePack } from '../rules/compile-rule-pack';
import type { CursorStore } from './cursor-store';
import type { InboundReply, NotificationChannel, OutgoingMessage } from './notification-channel';
import { dataMatches, type NotificationTemplate, renderTemplate } from './templates';

/** The engine calls the notifier makes. */
export type NotifierEngine = Pick<
  Engine,
  | 'feed'
  | 'getVisit'
  | 'getComplaint'
  | 'getOpinionCase'
  | 'getCustomer'
  | 'getContactConsent'
  | 'recordSmsOptIn'
  | 'rulesFor'
>;

/** A message not sent, and why. */
export interface SkippedMessage {
  readonly event: DomainEvent;
  readonly template: NotificationTemplate;
  readonly reason:
    | ConsentRefusal
    | { readonly reason: 'no-recipient' }
    | { readonly reason: 'no-address' };
}

/** Options of {@link createNotifier}. */
export interface NotifierOptions {
  readonly engine: NotifierEngine;
  /** The channels by the name templates use (`sms`, `wechat`, …). */
  readonly channels: Readonly<Record<string, NotificationChannel>>;
  /**
   * The templates: a list, or a function of the dealer and the dealer's pack in force (e.g. one
   * set per brand: `pack.pack.brand`), called once per dealer per page.
   */
  readonly templates:
    | readonly NotificationTemplate[]
    | ((dealerId: string, pack: CompiledRulePack) => readonly NotificationTemplate[]);
  /** Where the consumer's cursor is kept (see `fileCursorStore`). */
  readonly cursor: CursorStore;
  /** Events read per page (default 100). */
  readonly pageSize?: number;
  /** Replies that opt a phone out of SMS (default `TD`, `T`, `退订`, `STOP`; case and spaces ignored). */
  readonly optOutReplies?: readonly string[];
  /** Told of each message not sent (do-not-contact, no opt-in, no phone). */
  readonly onSkipped?: (skipped: SkippedMessage) => void;
  /** Told of each reply, after an opt-out reply was recorded. */
  readonly onReply?: (reply: InboundReply) => void | Promise<void>;
}

/** What one {@link Notifier.poll} did. */
export interface PollResult {
  /** Events read from the feed. */
  readonly read: number;
  /** Messages a channel sent now. */
  readonly sent: number;
  /** Messages a channel had sent before (the same key: a page read again after a crash). */
  readonly duplicates: number;
  /** Messages refused by consent or without an address. */
  readonly skipped: number;
}

/** Sends the messages the templates make of the engine's events. See {@link createNotifier}. */
export interface Notifier {
  /**
   * Reads the feed from the saved cursor until it is empty, sends each page's messages, then
   * saves the page's cursor. A send that throws stops the poll before the cursor is saved: the
   * next poll sends that page again, and the channel's idempotency key makes it harmless.
   */
  poll(): Promise<PollResult>;
  /** Polls every `intervalMs` (default 5 s) until the returned function is called. */
  start(options?: {
    readonly intervalMs?: number;
    readonly onError?: (error: unknown) => void;
  }): () => Promise<void>;
  /** Stops listening for replies. */
  close(): void;
}

const DEFAULT_OPT_OUT = ['TD', 'T', '退订', 'STOP'];

/** Who a message about an event goes to: the customer (and vehicle) of its subject. */
async function recipientOf(
  engine: NotifierEngine,
  event: DomainEvent,
): Promise<{ customerId: string; vehicleId?: string } | undefined> {
  const { kind, id } = event.subject;
  try {
    if (kind === 'visit') {
      const v = await engine.getVisit(event.dealerId, id);
      return { customerId: v.subject.customerId, ...opt(v.subject.vehicleId) };
    }
    if (kind === 'complaint') {
      const c = await engine.getComplaint(event.dealerId, id);
      return { customerId: c.customerId, ...opt(c.vehicleId) };
    }
    if (kind === 'opinionCase') {
      const o = await engine.getOpinionCase(event.dealerId, id);
      return { customerId: o.customerId, ...opt(o.vehicleId) };
    }
    if (kind === 'customer') return { customerId: id };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
  return undefined;
}

const opt = (vehicleId: string | undefined) => (vehicleId === undefined ? {} : { vehicleId });

/**
 * A notifier: reads the engine's feed with a cursor it keeps in `cursor`, turns each event a
 * template answers into a message for the customer of the event's subject, checks consent
 * (the customer's do-not-contact flag, do-not-contact entries per channel and vehicle, SMS
 * opt-in), and hands the message to the template's channel under an idempotency key made of the
 * dealer, the event's `seq` and the template: at least once from the feed, exactly once at a
 * channel that honours the key. An SMS reply `TD` records the phone's opt-out.
 *
 * @example
 * ```ts
 * const notifier = createNotifier({
 *   engine,
 *   channels: { sms: mySmsGateway, wechat: consoleChannel() },
 *   templates: [{ id: 'visit-open', on: 'visit.opened', channel: 'sms', text: '{customerName}您好…' }],
 *   cursor: fileCursorStore('.data/notifier.cursor'),
 * });
 * const stop = notifier.start({ intervalMs: 5_000 });
 * ```
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { engine, channels, cursor } = options;
  const pageSize = options.pageSize ?? 100;
  const templateList = options.templates;
  if (Array.isArray(templateList)) {
    const issues = (templateList as readonly NotificationTemplate[]).flatMap((t, i) =>
      channels[t.channel] === undefined
        ? [
            {
              path: ['templates', i, 'channel'],
              message: `no channel "${t.channel}" (channels: ${Object.keys(channels).join(', ') || 'none'})`,
              code: 'invalid_value',
            },
          ]
        : [],
    );
    if (issues.length > 0) throw new ValidationError('notifier options', issues);
  }
  const optOut = new Set(
    (options.optOutReplies ?? DEFAULT_OPT_OUT).map((w) => w.replace(/\s+/g, '').toUpperCase()),
  );

  async function templatesFor(
    dealerId: string,
    cache: Map<string, readonly NotificationTemplate[]>,
  ): Promise<readonly NotificationTemplate[]> {
    if (typeof templateList !== 'function') return templateList;
    let list = cache.get(dealerId);
    if (list === undefined) {
      list = templateList(dealerId, await engine.rulesFor(dealerId));
      cache.set(dealerId, list);
    }
    return list;
  }

  async function deliver(
    event: DomainEvent,
    template: NotificationTemplate,
  ): Promise<'sent' | 'duplicate' | 'skipped'> {
    const channel = channels[template.channel];
    if (channel === undefined) {
      throw new ValidationError('notifier templates', [
        {
          path: ['templates', template.id, 'channel'],
          message: `no channel "${template.channel}"`,
          code: 'invalid_value',
        },
      ]);
    }
    const skip = (reason: SkippedMessage['reason']) => {
      options.onSkipped?.({ event, template, reason });
      return 'skipped' as const;
    };
    const who = await recipientOf(engine, event);
    if (who === undefined) return skip({ reason: 'no-recipient' });
    const customer = await engine.getCustomer(event.dealerId, who.customerId);
    const phone = usablePhones(customer)[0];
    const to = template.channel === 'sms' || template.channel === 'phone' ? phone : customer.id;
    const consent = await engine.getContactConsent({
      dealerId: event.dealerId,
      customerId: who.customerId,
    });
    const refusal = notificationConsent(customer, consent, {
      channel: template.channel,
      ...opt(who.vehicleId),
      ...(phone !== undefined ? { phone } : {}),
    });
    if (refusal !== undefined) return skip(refusal);
    if (to === undefined) return skip({ reason: 'no-address' });
    const message: OutgoingMessage = {
      key: `${event.dealerId}/${event.seq}/${template.id}`,
      channel: template.channel,
      to,
      template: template.id,
      text: renderTemplate(template, {
        customerName: customer.name,
        dealerId: event.dealerId,
        ...opt(who.vehicleId),
        event,
      }),
      dealerId: event.dealerId,
      customerId: who.customerId,
      ...opt(who.vehicleId),
      event: { type: event.type, seq: event.seq! },
    };
    return (await channel.send(message)).status;
  }

  async function poll(): Promise<PollResult> {
    const counts = { read: 0, sent: 0, duplicates: 0, skipped: 0 };
    let after = await cursor.load();
    for (;;) {
      const page = await engine.feed(
        after === undefined ? { limit: pageSize } : { after, limit: pageSize },
      );
      const cache = new Map<string, readonly NotificationTemplate[]>();
      for (const event of page.events) {
        counts.read++;
        for (const template of await templatesFor(event.dealerId, cache)) {
          if (template.on !== event.type || !dataMatches(template, event.data)) continue;
          const outcome = await deliver(event, template);
          if (outcome === 'sent') counts.sent++;
          else if (outcome === 'duplicate') counts.duplicates++;
          else counts.skipped++;
        }
      }
      if (page.cursor !== after) await cursor.save(page.cursor);
      after = page.cursor;
      if (page.events.length === 0) return counts;
    }
  }

  async function handleReply(reply: InboundReply): Promise<void> {
    const word = reply.text.replace(/\s+/g, '').toUpperCase();
    if (reply.message.channel === 'sms' && optOut.has(word)) {
      await engine.recordSmsOptIn({
        dealerId: reply.message.dealerId,
        customerId: reply.message.customerId,
        phone: reply.message.to,
        optedIn: false,
        source: 'sms-reply',
        at: reply.at,
        actor: SYSTEM_ACTOR,
      });
    }
    await options.onReply?.(reply);
  }
  const unsubscribe = Object.values(channels).map(
    (c) => c.onReply?.(handleReply) ?? (() => undefined),
  );

  return {
    poll,
    start({
      intervalMs = 5_000,
      onError = (e: unknown) => console.error('dealercare notifier:', e),
    } = {}) {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let running: Promise<unknown> = Promise.resolve();
      const loop = () => {
        running = poll()
          .catch(onError)
          .finally(() => {
            if (!stopped) timer = setTimeout(loop, intervalMs);
          });
      };
      loop();
      return async () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        await running;
      };
    },
    close() {
      for (const u of unsubscribe) u();
    },
  };
}
