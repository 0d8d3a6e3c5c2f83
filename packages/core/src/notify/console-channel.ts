import type { NotificationChannel, OutgoingMessage } from './notification-channel';

/** Options of {@link consoleChannel}. */
export interface ConsoleChannelOptions {
  /** Where lines go (default `console.log`). */
  readonly write?: (line: string) => void;
}

/**
 * A channel that prints each message as a line — for development and demos. It remembers the
 * keys it printed in this process only, so a restart prints a re-sent message again: use a real
 * gateway's idempotency (or {@link testChannel}'s) where exactly once matters.
 */
export function consoleChannel(options: ConsoleChannelOptions = {}): NotificationChannel {
  const write = options.write ?? ((line: string) => console.log(line));
  const printed = new Set<string>();
  return {
    name: 'console',
    async send(message: OutgoingMessage) {
      if (printed.has(message.key)) return { status: 'duplicate' };
      printed.add(message.key);
      write(`[${message.channel} → ${message.to}] ${message.text} (${message.key})`);
      return { status: 'sent', providerId: message.key };
    },
    async status(key: string) {
      return printed.has(key) ? 'delivered' : 'unknown';
    },
  };
}
