/** One field that differs between two runs. */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * How one item differs from the run under the old pack (`before`) to the run under the new one
 * (`after`): only in the new run (`added`), only in the old (`removed`), or in both with fields
 * that differ (`changed`).
 */
export interface ItemDifference {
  readonly kind: 'visit' | 'complaint' | 'case';
  readonly key: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** For `changed`, the fields that differ. */
  readonly fields: readonly FieldChange[];
}

/** An item of a run, with the key that matches it across runs. */
export interface KeyedItem {
  readonly key: string;
}

/** What {@link compareRuns} compares: the items of a run, by kind ({@link PackRun} is one). */
export interface ComparedItems {
  readonly visits: readonly KeyedItem[];
  readonly complaints: readonly KeyedItem[];
  readonly cases: readonly KeyedItem[];
}

function fieldChanges(a: KeyedItem, b: KeyedItem): FieldChange[] {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].filter((f) => f !== 'key');
  return fields
    .filter((f) => ra[f] !== rb[f])
    .map((field) => ({ field, before: ra[field], after: rb[field] }));
}

function compareKind(
  kind: ItemDifference['kind'],
  before: readonly KeyedItem[],
  after: readonly KeyedItem[],
): ItemDifference[] {
  const old = new Map(before.map((i) => [i.key, i]));
  const now = new Map(after.map((i) => [i.key, i]));
  const out: ItemDifference[] = [];
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(key);
    const b = now.get(key);
    if (a === undefined) out.push({ kind, key, change: 'added', fields: [] });
    else if (b === undefined) out.push({ kind, key, change: 'removed', fields: [] });
    else {
      const fields = fieldChanges(a, b);
      if (fields.length > 0) out.push({ kind, key, change: 'changed', fields });
    }
  }
  return out;
}

/**
 * The differences between two simulated runs, item by item (visits by dealer, source event and
 * rule; complaints by dealer and source event; opinion cases by id), in key order.
 */
export function compareRuns(before: ComparedItems, after: ComparedItems): ItemDifference[] {
  return [
    ...compareKind('visit', before.visits, after.visits),
    ...compareKind('complaint', before.complaints, after.complaints),
    ...compareKind('case', before.cases, after.cases),
  ];
}
