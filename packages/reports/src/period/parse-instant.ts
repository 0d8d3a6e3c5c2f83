import { toEpoch } from '@dealercare/core';

let lastText = '';
let lastValue = Number.NaN;

/**
 * Core's `toEpoch` of a stored instant, remembering the last one: a completed visit's result, its
 * survey answer and its history entry usually carry the same instant, and a report parses
 * millions of them.
 */
export function parseInstant(text: string): number {
  if (text !== lastText) {
    lastValue = toEpoch(text);
    lastText = text;
  }
  return lastValue;
}
