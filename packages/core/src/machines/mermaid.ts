import type { MachineDefinition } from './machine-definition';

/**
 * Renders a machine table as a Mermaid state diagram. The docs' diagrams are generated with
 * this, never drawn by hand, so they cannot drift from the tables.
 */
export function machineToMermaid<
  S extends string,
  C extends string,
  A,
  I,
  G extends string,
  E extends string,
>(machine: MachineDefinition<S, C, A, I, G, E>): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${machine.initial}`];
  const seen = new Set<string>();
  for (const row of machine.transitions) {
    for (const from of row.from) {
      const to = row.to ?? from;
      const label = `${row.command}${row.guard ? ` [${row.guard}]` : ''}${row.actor === 'person' ? ' 👤' : ''}`;
      const line = `  ${from} --> ${to}: ${label}`;
      if (!seen.has(line)) {
        seen.add(line);
        lines.push(line);
      }
    }
  }
  for (const [state, info] of Object.entries(machine.states) as [S, { terminal?: boolean }][]) {
    if (info.terminal) lines.push(`  ${state} --> [*]`);
  }
  return lines.join('\n');
}
