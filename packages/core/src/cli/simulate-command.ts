import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * The memory adapter, loaded when a simulation runs: core does not depend on any adapter, so
 * `@dealercare/storage-memory` must be installed next to it for the CLI to simulate.
 */
async function memoryStore(): Promise<StorageFactory> {
  const name = '@dealercare/storage-memory';
  try {
    const mod = (await import(name)) as { memoryStorage: () => ReturnType<StorageFactory> };
    return () => mod.memoryStorage();
  } catch (e) {
    // Only "not installed" is the user's to fix this way; anything else is a real failure.
    const missing =
      (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      (e as Error).message.includes(`Cannot find package '${name}'`);
    if (!missing) throw e;
    throw new SimulateInputError(
      'simulate needs @dealercare/storage-memory: install it next to @dealercare/core',
      1,
    );
  }
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
