import type { EventEmitter } from 'eventemitter3';

/** Adds every listener of `handlers` to `emitter`; returns the function that removes them all. */
export function listenAll<Events extends EventEmitter.ValidEventTypes>(
  emitter: EventEmitter<Events>,
  handlers: { [E in EventEmitter.EventNames<Events>]?: EventEmitter.EventListener<Events, E> },
): () => void {
  const pairs = Object.entries(handlers) as Array<[EventEmitter.EventNames<Events>, EventEmitter.EventListener<Events, EventEmitter.EventNames<Events>>]>;
  for (const [event, listener] of pairs) emitter.on(event, listener);
  return () => {
    for (const [event, listener] of pairs) emitter.off(event, listener);
  };
}
