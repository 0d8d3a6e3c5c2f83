import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type ChinaCalendarOptions, chinaCalendar } from '../calendar/china';
import type { DmsEventInput } from '../model/dms-event';
import { loadRulePack } from '../rules/load-rule-pack';
import { type StorageFactory, simulatePacks } from '../simulate/simulate-packs';
import { simulationFiles, simulationLines } from '../simulate/simulation-files';

/** `simulate`'s usage line. */
export const SIMULATE_USAGE =
  '  dealercare-rules simulate --events <events.jsonl> --pack <new.json> [--against <old.json>] [--calendar <calendar.json>] [--per-day <n>] [--until <instant>] [--out <dir>]';

/** A usage or input problem: printed with the usage, exit code 2 (usage) or 1 (input). */
export class SimulateInputError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'SimulateInputError';
  }
}

/** DMS events, one JSON object a line (blank lines skipped); a bad line is named by number. */
export function readEventsJsonl(file: string): DmsEventInput[] {
  const out: DmsEventInput[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(JSON.parse(line) as DmsEventInput);
      } catch (e) {
        throw new SimulateInputError(`${file}:${i + 1}: ${(e as Error).message}`, 1);
      }
    });
  return out;
}

type MemoryModule = { memoryStorage?: () => ReturnType<StorageFactory>; default?: MemoryModule };

/** Whether an import failed because the package itself is not to be found from there. */
function notFound(e: unknown, name: string): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    (e as Error).message.includes(name)
  );
}

/**
 * The memory adapter, loaded when a simulation runs: core does not depend on any adapter, so
 * `@dealercare/storage-memory` must be installed next to it. It is looked up from core (a flat
 * `node_modules`, the workspace) and then from the working directory (the project running the
 * CLI, whose own dependency it is under pnpm's strict layout).
 */
async function memoryStore(): Promise<StorageFactory> {
  const name = '@dealercare/storage-memory';
  let mod: MemoryModule | undefined;
  try {
    mod = (await import(name)) as MemoryModule;
  } catch (e) {
    if (!notFound(e, name)) throw e;
    try {
      const path = createRequire(join(process.cwd(), 'package.json')).resolve(name);
      mod = (await import(pathToFileURL(path).href)) as MemoryModule;
    } catch (e2) {
      if (!notFound(e2, name)) throw e2;
    }
  }
  const create = mod?.memoryStorage ?? mod?.default?.memoryStorage;
  if (create === undefined) {
    throw new SimulateInputError(
      'simulate needs @dealercare/storage-memory: install it next to @dealercare/core',
      1,
    );
  }
  return () => create();
}

/** Runs `dealercare-rules simulate`; returns the exit code. */
export async function simulateCommand(
  argv: readonly string[],
  out: (s: string) => void,
  readJson: (file: string) => unknown,
): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        events: { type: 'string' },
        pack: { type: 'string' },
        against: { type: 'string' },
        calendar: { type: 'string' },
        'per-day': { type: 'string' },
        until: { type: 'string' },
        out: { type: 'string' },
      },
    }));
  } catch (e) {
    throw new SimulateInputError((e as Error).message, 2);
  }
  if (values.events === undefined || values.pack === undefined) {
    throw new SimulateInputError('simulate needs --events and --pack', 2);
  }
  const perDay = values['per-day'] === undefined ? undefined : Number(values['per-day']);
  if (perDay !== undefined && !(Number.isInteger(perDay) && perDay > 0)) {
    throw new SimulateInputError('--per-day must be a whole number above 0', 2);
  }
  const until = values.until === undefined ? undefined : new Date(values.until);
  if (until !== undefined && Number.isNaN(until.getTime())) {
    throw new SimulateInputError('--until must be an instant such as 2026-04-30T18:00:00+08:00', 2);
  }
  const pack = loadRulePack(readJson(values.pack));
  const against = values.against === undefined ? undefined : loadRulePack(readJson(values.against));
  const calendar =
    values.calendar === undefined
      ? chinaCalendar()
      : chinaCalendar(readJson(values.calendar) as ChinaCalendarOptions);
  const events = readEventsJsonl(values.events);
  const result = await simulatePacks({
    events,
    pack,
    ...(against !== undefined ? { against } : {}),
    calendar,
    storage: await memoryStore(),
    ...(perDay !== undefined ? { perDay } : {}),
    ...(until !== undefined ? { until } : {}),
  });
  for (const l of simulationLines(result)) out(l);
  if (values.out !== undefined) {
    mkdirSync(values.out, { recursive: true });
    for (const [name, text] of Object.entries(simulationFiles(result))) {
      writeFileSync(join(values.out, name), text);
    }
    out(`wrote ${Object.keys(simulationFiles(result)).length} files to ${values.out}`);
  }
  return 0;
}
