import { toEpoch } from '../model/primitives';
import type { RulesVersion } from '../model/rules-version';
import { type CompiledRulePack, compileRulePack } from '../rules/compile-rule-pack';
import type { AssignableKind } from './assignment';
import { decodeRecord } from './record-codec';
import type { UnitOfWork } from './unit-of-work';

/** A rule pack (JSON or compiled), one for every dealer, or one per dealer. */
export type RulesOption = unknown | ((dealerId: string) => unknown);

/** How long a dealer's stored pack versions are trusted before they are read again. */
const REFRESH_MS = 60_000;

function isCompiled(x: unknown): x is CompiledRulePack {
  return typeof x === 'object' && x !== null && 'matchVisitRules' in x && 'pack' in x;
}

interface DealerVersions {
  readonly readAt: number;
  /** Versions that took or will take effect, by `effectiveFrom`. */
  readonly list: readonly { readonly from: number; readonly rules: CompiledRulePack }[];
  /** Per kind, the hashes of versions whose open items were pinned when a later one took effect. */
  readonly pinned: { readonly [K in AssignableKind]: ReadonlySet<string> };
}

/**
 * Which rule pack applies to a dealer, at an instant, and to an item. A dealer's pack is, in
 * order: the newest stored version (`engine.scheduleRules`) whose `effectiveFrom` has come;
 * else the pack `setRules` gave that dealer; else the engine's pack (`rules` option or
 * `setRules` without a dealer, which may be a function of the dealer id). An open item that a
 * switch pinned keeps the version it was made under.
 */
export class RulesRegistry {
  private engineWide: (dealerId: string) => CompiledRulePack;
  private readonly perDealer = new Map<string, CompiledRulePack>();
  /** Packs compiled once per object a resolver hands back. */
  private readonly compiled = new WeakMap<object, CompiledRulePack>();
  private readonly byHash = new Map<string, CompiledRulePack>();
  private readonly stored = new Map<string, DealerVersions>();

  constructor(option: RulesOption, fallback: unknown) {
    this.engineWide = this.resolver(option ?? fallback);
  }

  private compile(pack: unknown): CompiledRulePack {
    if (isCompiled(pack)) return this.remember(pack);
    if (typeof pack === 'object' && pack !== null) {
      const known = this.compiled.get(pack);
      if (known !== undefined) return known;
      const made = this.remember(compileRulePack(pack));
      this.compiled.set(pack, made);
      return made;
    }
    return this.remember(compileRulePack(pack));
  }

  private remember(rules: CompiledRulePack): CompiledRulePack {
    if (!this.byHash.has(rules.hash)) this.byHash.set(rules.hash, rules);
    return rules;
  }

  private resolver(option: RulesOption): (dealerId: string) => CompiledRulePack {
    if (typeof option === 'function') {
      const f = option as (dealerId: string) => unknown;
      return (dealerId) => this.compile(f(dealerId));
    }
    const rules = this.compile(option);
    return () => rules;
  }

  /** Replaces the engine's pack (all dealers), or one dealer's. Validated first: throws, keeps the old. */
  set(option: RulesOption, dealerId?: string): void {
    if (dealerId === undefined) {
      const next = this.resolver(option);
      this.engineWide = next;
      return;
    }
    this.perDealer.set(dealerId, this.compile(option));
  }

  /** The pack in force without stored versions (what `setRules` and the options say). */
  configured(dealerId: string): CompiledRulePack {
    return this.perDealer.get(dealerId) ?? this.engineWide(dealerId);
  }

  /** The dealer's pack at `at` (epoch ms). */
  current(dealerId: string, at: number): CompiledRulePack {
    const versions = this.stored.get(dealerId)?.list;
    if (versions !== undefined) {
      for (let i = versions.length - 1; i >= 0; i--) {
        if (versions[i]!.from <= at) return versions[i]!.rules;
      }
    }
    return this.configured(dealerId);
  }

  /** The pack an item of `kind` follows: the one it was made under if a switch pinned it. */
  forItem(dealerId: string, kind: AssignableKind, rulesVersion: string | undefined, at: number) {
    const now = this.current(dealerId, at);
    if (rulesVersion === undefined || rulesVersion === now.hash) return now;
    if (this.stored.get(dealerId)?.pinned[kind].has(rulesVersion) !== true) return now;
    return this.byHash.get(rulesVersion) ?? now;
  }

  /** Reads the dealer's stored versions again now (a switch must not act on a stale list). */
  async refresh(uow: UnitOfWork, dealerId: string): Promise<void> {
    this.stored.delete(dealerId);
    await this.prepare(uow, dealerId);
  }

  /** Forgets what was read of a dealer's stored versions (after scheduling or switching). */
  invalidate(dealerId: string): void {
    this.stored.delete(dealerId);
  }

  /**
   * Reads the dealer's stored pack versions when they were not read in the last minute, so that
   * {@link current} and {@link forItem} answer for it. Cheap when there are none.
   */
  async prepare(uow: UnitOfWork, dealerId: string): Promise<void> {
    const known = this.stored.get(dealerId);
    if (known !== undefined && uow.now - known.readAt < REFRESH_MS && uow.now >= known.readAt)
      return;
    const rows = await uow.tx.query({ dealerId, kind: 'rulesVersion', limit: 10_000 });
    const versions = rows
      .map((r) => decodeRecord('rulesVersion', r, { verify: uow.verifyReads }))
      .filter((v) => v.state !== 'cancelled')
      .sort((a, b) => a.id.localeCompare(b.id));
    const pinned = {
      visit: new Set<string>(),
      complaint: new Set<string>(),
      opinionCase: new Set<string>(),
    };
    const list = versions.map((v: RulesVersion) => {
      if (v.previous !== undefined) {
        this.remember(this.compileStored(v.previous.pack, v.previous.hash));
        for (const kind of ['visit', 'complaint', 'opinionCase'] as const) {
          if (v.openItems[kind] === 'pinned') pinned[kind].add(v.previous.hash);
        }
      }
      return { from: toEpoch(v.effectiveFrom), rules: this.compileStored(v.pack, v.hash) };
    });
    this.stored.set(dealerId, { readAt: uow.now, list, pinned });
  }

  private compileStored(pack: Record<string, unknown>, hash: string): CompiledRulePack {
    return this.byHash.get(hash) ?? this.remember(compileRulePack(pack));
  }
}
