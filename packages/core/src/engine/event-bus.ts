import mitt, { type Emitter, type Handler, type WildcardHandler } from 'mitt';
import type { DomainEvent } from '../model/domain-event';
import type { EngineEvent, EngineEvents, EngineEventType } from './engine-events';

/** A handler of one event type; it may be `async`. */
export type EventHandler<K extends EngineEventType> = (event: EngineEvents[K]) => unknown;
/** A handler of every event (`'*'`); it may be `async`. */
export type WildcardEventHandler = (type: EngineEventType, event: EngineEvent) => unknown;
/** Removes the handler `on` added. Calling it twice does nothing. */
export type Unsubscribe = () => void;

type Listener = (event: EngineEvent) => unknown;
type Events = Record<string, EngineEvent>;

/**
 * The engine's listeners, on mitt. Unlike plain mitt, a listener can never hurt the engine: what
 * it throws, and what its promise rejects with, goes to `onError` (itself guarded), and the next
 * listener still runs. Events reach listeners only after their transaction committed.
 */
export class EventBus {
  private readonly emitter: Emitter<Events> = mitt<Events>();
  /** The guarded function registered with mitt for each listener, by type: `off` finds it here. */
  private readonly registered = new Map<string, Map<Listener, Handler<EngineEvent>>>();

  constructor(private readonly onError: (error: unknown, event: EngineEvent) => void) {}

  on(type: EngineEventType | '*', listener: Listener): Unsubscribe {
    let byListener = this.registered.get(type);
    if (byListener === undefined) {
      byListener = new Map();
      this.registered.set(type, byListener);
    }
    if (!byListener.has(listener)) {
      if (type === '*') {
        const wildcard: WildcardHandler<Events> = (_type, event) => this.call(listener, event);
        this.emitter.on('*', wildcard);
        byListener.set(listener, wildcard as unknown as Handler<EngineEvent>);
      } else {
        const handler: Handler<EngineEvent> = (event) => this.call(listener, event);
        this.emitter.on(type, handler);
        byListener.set(listener, handler);
      }
    }
    return () => this.off(type, listener);
  }

  /** Removes `listener` from `type`; removing one that is not there does nothing. */
  off(type: EngineEventType | '*', listener: Listener): void {
    const registered = this.registered.get(type)?.get(listener);
    if (registered === undefined) return;
    this.registered.get(type)!.delete(listener);
    if (type === '*') this.emitter.off('*', registered as unknown as WildcardHandler<Events>);
    else this.emitter.off(type, registered);
  }

  /** Announces committed events, in order. */
  announce(events: readonly DomainEvent[]): void {
    for (const e of events) this.emitter.emit(e.type, e as EngineEvent);
  }

  private call(listener: Listener, event: EngineEvent): void {
    try {
      const result = listener(event);
      if (isThenable(result)) result.then(undefined, (error) => this.report(error, event));
    } catch (error) {
      this.report(error, event);
    }
  }

  private report(error: unknown, event: EngineEvent): void {
    try {
      this.onError(error, event);
    } catch (again) {
      console.error(`dealercare: onListenerError threw for ${event.type}`, again, error);
    }
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function'
  );
}
