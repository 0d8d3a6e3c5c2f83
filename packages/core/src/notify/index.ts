export { type ConsoleChannelOptions, consoleChannel } from './console-channel';
export {
  createNotifier,
  type Notifier,
  type NotifierEngine,
  type NotifierOptions,
  type PollResult,
  type SkippedMessage,
} from './create-notifier';
export { type CursorStore, fileCursorStore, memoryCursorStore } from './cursor-store';
export type {
  DeliveryStatus,
  InboundReply,
  NotificationChannel,
  OutgoingMessage,
  SendResult,
} from './notification-channel';
export {
  dataMatches,
  type NotificationTemplate,
  renderTemplate,
  type TemplateValues,
} from './templates';
export { type TestChannel, testChannel } from './test-channel';
