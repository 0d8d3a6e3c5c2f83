#!/usr/bin/env node
/**
 * `dealercare-rules`: check a rule pack, and show what an event would produce under it.
 *
 *   dealercare-rules validate pack.json            exit 0, or 1 with every error and its path
 *   dealercare-rules explain pack.json event.json  visits, deadlines, owners, ladder (local times)
 *     [--why-not] [--customer c.json] [--vehicle v.json]
 *                                                  every rule, each condition with the value seen
 *   dealercare-rules explain-survey pack.json <survey-id> answers.json
 *                                                  whether the answers raise an alert, and why
 *   dealercare-rules simulate --events e.jsonl --pack new.json [--against old.json] …
 *                                                  replay events under packs, compare, workload
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chinaCalendar } from '../calendar';
import { DealercareError, formatIssue, type Issue } from '../errors';
import { explainWhy, whyLines } from '../explain/explain-why';
import type { Answers } from '../model/survey-response';
import { loadRulePack } from '../rules/load-rule-pack';
import { explainSurveyAlert } from '../scoring/explain-alert';
import { explainEvent } from './explain-event';
import { SIMULATE_USAGE, SimulateInputError, simulateCommand } from './simulate-command';

const USAGE = `usage:
  dealercare-rules validate <pack.json>
  dealercare-rules explain <pack.json> <event.json> [--why-not] [--customer <customer.json>] [--vehicle <vehicle.json>]
  dealercare-rules explain-survey <pack.json> <survey-id> <answers.json>
${SIMULATE_USAGE}`;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function readObject(file: string | undefined): object | undefined {
  if (file === undefined) return undefined;
  const v = readJson(file);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new SyntaxError(`${file} must hold a JSON object`);
  }
  return v;
}

/** Runs the CLI; returns the exit code. Exported for tests. */
export async function main(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  if (argv[0] === 'simulate') {
    try {
      return await simulateCommand(argv.slice(1), out, readJson);
    } catch (e) {
      if (e instanceof SimulateInputError) {
        err(e.message);
        if (e.exitCode === 2) err(USAGE);
        return e.exitCode;
      }
      return failure(e, err);
    }
  }
  let values: { 'why-not'?: boolean; customer?: string; vehicle?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'why-not': { type: 'boolean' },
        customer: { type: 'string' },
        vehicle: { type: 'string' },
      },
    }));
  } catch (e) {
    err((e as Error).message);
    err(USAGE);
    return 2;
  }
  const [command, packFile, second, third] = positionals;
  const explainOnly = values['why-not'] || values.customer || values.vehicle;
  try {
    if (command === 'validate' && packFile && !second && !explainOnly) {
      const pack = loadRulePack(readJson(packFile));
      out(
        `${packFile}: ok (${pack.pack.id} ${pack.pack.version}, ${pack.pack.visits.length} visit rules, ${pack.pack.surveys.length} surveys)`,
      );
      return 0;
    }
    if (command === 'explain' && packFile && second && !third) {
      const pack = loadRulePack(readJson(packFile));
      const event = readJson(second);
      const { lines } = await explainEvent(pack, event, chinaCalendar());
      for (const l of lines) out(l);
      if (values['why-not']) {
        const customer = readObject(values.customer);
        const vehicle = readObject(values.vehicle);
        const why = explainWhy(pack, event, {
          ...(customer !== undefined ? { customer } : {}),
          ...(vehicle !== undefined ? { vehicle } : {}),
        });
        for (const l of whyLines(why)) out(l);
      }
      return 0;
    }
    if (command === 'explain-survey' && packFile && second && third && !explainOnly) {
      const pack = loadRulePack(readJson(packFile));
      const def = pack.survey(second);
      if (def === undefined) {
        err(
          `unknown survey "${second}" (pack has: ${pack.pack.surveys.map((s) => s.id).join(', ')})`,
        );
        return 1;
      }
      const trace = explainSurveyAlert(def, readObject(third) as Answers);
      out(`survey ${def.id}: ${trace.alert ? 'ALERT' : 'no alert'} — ${trace.because}`);
      return 0;
    }
    err(USAGE);
    return 2;
  } catch (e) {
    return failure(e, err);
  }
}

/** The exit code and message for an error: 1 for bad input (pack, event, JSON); others rethrown. */
function failure(e: unknown, err: (s: string) => void): number {
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

if (process.argv[1] && /dealercare-rules(\.[cm]?[jt]s)?$/.test(process.argv[1])) {
  main(process.argv.slice(2), console.log, console.error).then((code) => {
    process.exitCode = code;
  });
}
