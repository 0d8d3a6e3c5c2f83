#!/usr/bin/env node
/**
 * `dealercare-rules`: check a rule pack, and show what an event would produce under it.
 *
 *   dealercare-rules validate pack.json            exit 0, or 1 with every error and its path
 *   dealercare-rules explain pack.json event.json  visits, deadlines, owners, ladder (local times)
 */
import { readFileSync } from 'node:fs';
import { chinaCalendar } from '../calendar';
import { DealercareError, formatIssue, type Issue } from '../errors';
import { loadRulePack } from '../rules/load-rule-pack';
import { explainEvent } from './explain-event';

const USAGE = `usage:
  dealercare-rules validate <pack.json>
  dealercare-rules explain <pack.json> <event.json>`;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Runs the CLI; returns the exit code. Exported for tests. */
export async function main(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const [command, packFile, eventFile] = argv;
  try {
    if (command === 'validate' && packFile && !eventFile) {
      const pack = loadRulePack(readJson(packFile));
      out(
        `${packFile}: ok (${pack.pack.id} ${pack.pack.version}, ${pack.pack.visits.length} visit rules, ${pack.pack.surveys.length} surveys)`,
      );
      return 0;
    }
    if (command === 'explain' && packFile && eventFile) {
      const pack = loadRulePack(readJson(packFile));
      const { lines } = await explainEvent(pack, readJson(eventFile), chinaCalendar());
      for (const l of lines) out(l);
      return 0;
    }
    err(USAGE);
    return 2;
  } catch (e) {
    if (e instanceof DealercareError && Array.isArray(e.details.issues)) {
      err(`${e.code}:`);
      for (const i of e.details.issues as Issue[]) err(`  ${formatIssue(i)}`);
      return 1;
    }
    if (e instanceof SyntaxError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      err(`cannot read JSON: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
}

if (process.argv[1] && /dealercare-rules(\.[cm]?[jt]s)?$/.test(process.argv[1])) {
  main(process.argv.slice(2), console.log, console.error).then((code) => {
    process.exitCode = code;
  });
}
