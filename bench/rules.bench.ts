/**
 * Benchmark of the rule-packs issue, with the shipped `great-wall` pack:
 *
 *  1. DMS events through rule evaluation (`matchVisitRules`: which visit rules match, which say
 *     "do not visit") — target ≥ 20,000 events/s and ≥ 10× the naive baseline;
 *     With the decision cache (default) and without it (every event through json-rules-engine);
 *  2. the naive baseline in the same run: a new json-rules-engine `Engine` per event holding every
 *     rule of the pack (not indexed by event type), with the default JSONPath `path` resolution;
 *  3. survey scoring of the 24-item SSI — target ≥ 200,000 responses/s.
 *
 * Both evaluators are checked to give the same matches before anything is timed.
 *
 * Run: pnpm bench rules   (sizes: RULES_EVENTS, RULES_BASELINE_EVENTS, RULES_RESPONSES)
 */
import { createRequire } from 'node:module';
import { loadRulePack, SHIPPED_PACKS, scoreResponse } from '@dealercare/core';
import type * as JsonRulesEngine from 'json-rules-engine';
import { printRatio } from './ratio';

// json-rules-engine is core's dependency, not the workspace root's: resolve it from core.
const { Engine } = createRequire(new URL('../packages/core/package.json', import.meta.url))(
  'json-rules-engine',
) as typeof JsonRulesEngine;

const EVENTS = Number(process.env.RULES_EVENTS ?? 200_000);
const BASELINE_EVENTS = Number(process.env.RULES_BASELINE_EVENTS ?? 10_000);
const RESPONSES = Number(process.env.RULES_RESPONSES ?? 500_000);

const compiled = loadRulePack(SHIPPED_PACKS['great-wall']);
const pack = compiled.pack;

// ---------------------------------------------------------------------------------------------
// Events: deliveries, special and general repairs, some not picked up, some do-not-contact

type Facts = { event: Record<string, unknown>; customer: Record<string, unknown> };
const kinds = ['special', 'general', 'maintenance', 'warranty'];
const inputs: Array<{ trigger: string; facts: Facts }> = [];
for (let i = 0; i < 1024; i++) {
  const customer = {
    id: `c${i}`,
    doNotContact: i % 17 === 0,
    usage: i % 5 === 0 ? 'taxi' : 'private',
  };
  inputs.push(
    i % 3 === 0
      ? { trigger: 'vehicle.delivered', facts: { event: { type: 'vehicle.delivered' }, customer } }
      : {
          trigger: 'repair.settled',
          facts: {
            event: { type: 'repair.settled', repairKind: kinds[i % 4], pickedUp: i % 11 !== 0 },
            customer,
          },
        },
  );
}

// ---------------------------------------------------------------------------------------------
// Baseline: every rule in a fresh Engine per event, JSONPath paths, trigger as a condition

type Cond = Record<string, unknown>;
function toJsonPath(c: Cond): Cond {
  if (Array.isArray(c.all)) return { all: c.all.map((x) => toJsonPath(x as Cond)) };
  if (Array.isArray(c.any)) return { any: c.any.map((x) => toJsonPath(x as Cond)) };
  if (c.not !== undefined) return { not: toJsonPath(c.not as Cond) };
  return typeof c.path === 'string' ? { ...c, path: `$.${c.path}` } : c;
}
// The engine's own do-not-contact rule, which the library applies to every rule not opting out.
const contactable = { fact: 'customer', path: '$.doNotContact', operator: 'notEqual', value: true };
const baselineRules = pack.visits.flatMap((rule) => {
  const onTrigger = { fact: 'trigger', operator: 'equal', value: rule.on };
  const when = rule.when ? toJsonPath(rule.when as Cond) : { all: [] };
  const out = [
    {
      name: `match:${rule.id}`,
      conditions: { all: [onTrigger, ...(rule.allowDoNotContact ? [] : [contactable]), when] },
      event: { type: 'match', params: { ruleId: rule.id } },
    },
  ];
  if (rule.visit.doNotVisitWhen) {
    out.push({
      name: `dnv:${rule.id}`,
      conditions: { all: [onTrigger, toJsonPath(rule.visit.doNotVisitWhen as Cond)] },
      event: { type: 'doNotVisit', params: { ruleId: rule.id } },
    });
  }
  return out;
});

async function naiveMatch(trigger: string, facts: Facts) {
  const engine = new Engine(baselineRules as never, { allowUndefinedFacts: true });
  const { events } = await engine.run({ trigger, ...facts });
  const matched = new Set<string>();
  const dnv = new Set<string>();
  for (const e of events) (e.type === 'match' ? matched : dnv).add(String(e.params?.ruleId));
  return [...matched].map((id) => `${id}${dnv.has(id) ? ':dnv' : ''}`).sort();
}

async function libraryMatch(trigger: string, facts: Facts) {
  const m = await compiled.matchVisitRules(trigger, facts);
  return m.map((x) => `${x.rule.id}${x.doNotVisit ? ':dnv' : ''}`).sort();
}

for (const { trigger, facts } of inputs.slice(0, 200)) {
  const a = JSON.stringify(await libraryMatch(trigger, facts));
  const b = JSON.stringify(await naiveMatch(trigger, facts));
  if (a !== b) throw new Error(`baseline disagrees on ${JSON.stringify(facts)}: ${a} vs ${b}`);
}

async function time(label: string, n: number, fn: (i: number) => Promise<unknown> | unknown) {
  for (let i = 0; i < Math.min(2_000, n); i++) await fn(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = performance.now() - t0;
  const perSecond = (n / ms) * 1000;
  console.log(
    `${label.padEnd(44)} ${n.toLocaleString('en')} in ${ms.toFixed(0)} ms = ${Math.round(perSecond).toLocaleString('en')}/s`,
  );
  return perSecond;
}

console.log(
  `great-wall pack: ${pack.visits.length} visit rules, ${baselineRules.length} json-rules-engine rules`,
);
// The decisions depend on the facts the conditions read (repair kind, picked up, usage; the
// do-not-contact flag is applied after the decision): the 1,024 inputs agree on those in only a
// few ways, as a dealer's events do.
const distinct = new Set(
  inputs.map(({ trigger, facts }) =>
    JSON.stringify([trigger, facts.event.repairKind, facts.event.pickedUp, facts.customer.usage]),
  ),
).size;
console.log(
  `inputs: 1,024 events cycled; ${distinct} distinct combinations of the values the conditions read`,
);
const lib = await time('library (engines once, by trigger, dot paths)', EVENTS, (i) => {
  const x = inputs[i & 1023]!;
  return compiled.matchVisitRules(x.trigger, x.facts);
});
// The same without the decision cache: every event through json-rules-engine (the figure for a
// stream whose every event differs in what the conditions read).
const uncached = loadRulePack(SHIPPED_PACKS['great-wall'], { decisionCacheSize: 0 });
const cold = await time('library, decision cache off', EVENTS / 4, (i) => {
  const x = inputs[i & 1023]!;
  return uncached.matchVisitRules(x.trigger, x.facts);
});
const naive = await time('baseline (new Engine per event, JSONPath)', BASELINE_EVENTS, (i) => {
  const x = inputs[i & 1023]!;
  return naiveMatch(x.trigger, x.facts);
});
console.log(
  `events: target ≥ 20,000/s ${lib >= 20_000 ? 'met' : 'NOT met'} (this machine's figure)`,
);
printRatio({
  name: 'rules.library/baseline',
  of: 'library events/s',
  floor: 'naive json-rules-engine baseline events/s',
  ratio: lib / naive,
  better: 'higher',
  target: 10,
});
console.log(
  `  with the decision cache off: ${(cold / naive).toFixed(1)}× the baseline (≥ 20,000/s ${cold >= 20_000 ? 'met' : 'NOT met'}, ≥ 10× ${cold / naive >= 10 ? 'met' : 'NOT met'})`,
);

// ---------------------------------------------------------------------------------------------
// Scoring the 24-item SSI (an absolute target: no floor to hold it against)

if (process.env.RULES_RESPONSES === '0') process.exit(0);
const ssi = compiled.survey('gw-ssi')!;
const responses = Array.from({ length: 256 }, (_, r) => {
  const answers: Record<string, boolean | number | string> = {};
  ssi.items.forEach((item, k) => {
    if ((r + k) % 13 === 0) return; // some unanswered
    if (item.kind === 'scale') answers[item.id] = 1 + ((r * 7 + k) % 10);
    else if (item.kind === 'yesNo' || item.kind === 'recommend')
      answers[item.id] = (r + k) % 4 !== 0;
    else if (item.kind === 'choice') answers[item.id] = 'service';
    else answers[item.id] = '希望交车更快';
  });
  return answers;
});
const scoring = await time('scoring gw-ssi (24 items)', RESPONSES, (i) =>
  scoreResponse(ssi, responses[i & 255]!),
);
console.log(`scoring: target ≥ 200,000/s (${scoring >= 200_000 ? 'met' : 'NOT met'})`);
