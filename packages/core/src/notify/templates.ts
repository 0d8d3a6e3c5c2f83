import type { DomainEvent } from '../model/domain-event';

/**
 * A message to send when an event is announced: which event, by which channel, and the text.
 * Placeholders in `text`: `{customerName}`, `{dealerId}`, `{vehicleId}`, `{eventType}`,
 * `{data.<field>}` (a top-level field of the event's data); an unknown one stays as written.
 */
export interface NotificationTemplate {
  /** Part of each message's idempotency key: keep it stable once messages were sent. */
  readonly id: string;
  /** The event type it answers, e.g. `visit.opened`. */
  readonly on: string;
  /** `sms`, `wechat`, `email`, … — a channel given to the notifier under this name. */
  readonly channel: string;
  readonly text: string;
  /**
   * Only events whose data has these top-level values (a value, or one of a list), e.g.
   * `{ "type": "thankYou" }` on `visit.scheduled`: the purchase thank-you, not every duty of the
   * pack. Absent: every event of the type.
   */
  readonly when?: Readonly<
    Record<string, string | number | boolean | readonly (string | number | boolean)[]>
  >;
}

/** Whether an event's data has the values a template's `when` asks for. */
export function dataMatches(
  template: Pick<NotificationTemplate, 'when'>,
  data: Readonly<Record<string, unknown>>,
): boolean {
  if (template.when === undefined) return true;
  return Object.entries(template.when).every(([field, want]) =>
    Array.isArray(want) ? want.includes(data[field] as never) : data[field] === want,
  );
}

/** What a template is filled with. */
export interface TemplateValues {
  readonly customerName: string;
  readonly dealerId: string;
  readonly vehicleId?: string;
  readonly event: DomainEvent;
}

/** The template's text with its placeholders filled. */
export function renderTemplate(template: NotificationTemplate, values: TemplateValues): string {
  return template.text.replace(/\{([A-Za-z][\w.]*)\}/g, (whole, name: string) => {
    if (name === 'customerName') return values.customerName;
    if (name === 'dealerId') return values.dealerId;
    if (name === 'vehicleId') return values.vehicleId ?? '';
    if (name === 'eventType') return values.event.type;
    if (name.startsWith('data.')) {
      const v = values.event.data[name.slice(5)];
      return v === undefined || v === null
        ? ''
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
    }
    return whole;
  });
}
