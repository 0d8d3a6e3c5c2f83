/** A message the notifier hands to a channel. */
export interface OutgoingMessage {
  /**
   * The idempotency key: the same for every send of the same message (`dealer/seq/template`). A
   * channel sends a key once, however often it is handed it — after a crash the notifier reads
   * the page again and sends again (at least once), and the key makes it exactly once.
   */
  readonly key: string;
  /** The channel it goes by: `sms`, `wechat`, `email`, … (the do-not-contact channel). */
  readonly channel: string;
  /** Where to: an E.164 phone for `sms`, else the customer's id (the channel maps it). */
  readonly to: string;
  /** The template's id. */
  readonly template: string;
  readonly text: string;
  readonly dealerId: string;
  readonly customerId: string;
  readonly vehicleId?: string;
  /** The event it is about. */
  readonly event: { readonly type: string; readonly seq: number };
}

/** What a channel did with a send. */
export interface SendResult {
  /** `sent`: handed to the provider now; `duplicate`: this key was sent before, nothing sent. */
  readonly status: 'sent' | 'duplicate';
  /** The provider's id of the message, when it gives one. */
  readonly providerId?: string;
}

/** Where a message stands at the provider. */
export type DeliveryStatus = 'unknown' | 'pending' | 'delivered' | 'failed';

/** A customer's answer to a message. */
export interface InboundReply {
  /** The message answered. */
  readonly message: OutgoingMessage;
  readonly text: string;
  /** ISO instant. */
  readonly at: string;
}

/**
 * The channel port: an SMS gateway, WeChat template messages, e-mail. Only `send` is required;
 * it must be idempotent on `message.key` (most gateways take a client message id for this; else
 * keep the keys sent in your own table). A `send` that throws leaves the message unsent: the
 * notifier stops and tries the same page again later.
 */
export interface NotificationChannel {
  /** For logs: `console`, `test`, `aliyun-sms`, … */
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Where a message sent under `key` stands. */
  status?(key: string): Promise<DeliveryStatus>;
  /** Subscribes to replies; returns the unsubscribe. */
  onReply?(handler: (reply: InboundReply) => void | Promise<void>): () => void;
}
