import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Where a feed consumer keeps its cursor. `save` must be durable when it resolves: the notifier
 * saves after a page's messages were handed to their channels, and reads on from what `load`
 * gives after a restart.
 */
export interface CursorStore {
  /** The saved cursor; `undefined` before the first save (read from the start of the log). */
  load(): Promise<string | undefined>;
  save(cursor: string): Promise<void>;
}

/** A cursor kept in memory: for tests, or a consumer that starts from the start each time. */
export function memoryCursorStore(initial?: string): CursorStore {
  let cursor = initial;
  return {
    async load() {
      return cursor;
    },
    async save(next) {
      cursor = next;
    },
  };
}

/**
 * A cursor kept in a file: written to `<file>.tmp`, flushed, then renamed over the file, so a
 * crash leaves the old cursor or the new one, never half of one.
 */
export function fileCursorStore(file: string): CursorStore {
  return {
    async load() {
      try {
        const text = (await readFile(file, 'utf8')).trim();
        return text === '' ? undefined : text;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(cursor) {
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      await writeFile(tmp, cursor, { encoding: 'utf8', flush: true });
      await rename(tmp, file);
    },
  };
}
