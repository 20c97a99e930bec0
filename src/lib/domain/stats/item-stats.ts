import { StatHashes } from '../../bungie/hashes.ts';

/**
 * An item's stats computed as the game shows them, the way DIM does (stats.ts): the definition's
 * investment stats plus those of the plugged plugs, through the stat group's display interpolation.
 * Bungie's own precomputed stats interpolate wrongly (DIM PR #4176), so they are not used.
 */

/** How a stat group turns one stat's investment value into the value shown. */
export interface StatDisplay {
  statHash: number;
  maximumValue: number;
  /** Shown as a number, not a bar. */
  displayAsNumeric: boolean;
  /** Investment value → shown weight, piecewise linear, by increasing value. */
  interpolation: readonly { value: number; weight: number }[];
}

export interface StatGroup {
  maximumValue: number;
  scaledStats: readonly StatDisplay[];
}

export interface InvestmentStat {
  statHash: number;
  value: number;
  /** Active only in conditions the sheet cannot see (an adept frame, say): left out, as DIM does by default. */
  conditional?: boolean;
}

export interface StatPlug {
  stats: readonly InvestmentStat[];
  /** An intrinsic plug (a weapon's frame, armor's rolled stats): part of the item's base. */
  intrinsic: boolean;
}

export interface ItemStat {
  statHash: number;
  /** As shown, every plug included. */
  value: number;
  /** As shown with the intrinsic plugs only: armor's base before mods and masterwork. */
  base: number;
  investment: number;
  /** The bar's full length. */
  maximum: number;
  /** False for stats shown as a number (rounds per minute, magazine, draw time…). */
  bar: boolean;
  smallerIsBetter: boolean;
}

/** The order of the sheet, as in game: weapon stats, then the six armor stats. */
const ORDER: readonly number[] = [
  StatHashes.RoundsPerMinute,
  StatHashes.ChargeTime,
  StatHashes.DrawTime,
  StatHashes.BlastRadius,
  StatHashes.Velocity,
  StatHashes.SwingSpeed,
  StatHashes.Impact,
  StatHashes.Range,
  StatHashes.ShieldDuration,
  StatHashes.GuardEfficiency,
  StatHashes.GuardResistance,
  StatHashes.Accuracy,
  StatHashes.Stability,
  StatHashes.Handling,
  StatHashes.ChargeRate,
  StatHashes.GuardEndurance,
  StatHashes.ReloadSpeed,
  StatHashes.AimAssistance,
  StatHashes.AirborneEffectiveness,
  StatHashes.Zoom,
  StatHashes.RecoilDirection,
  StatHashes.Magazine,
  StatHashes.AmmoCapacity,
  ...armorStats()
];
/** Stats the game hides but players judge rolls by: shown even outside the stat group. */
const HIDDEN_SHOWN = new Set<number>([
  StatHashes.AimAssistance,
  StatHashes.Zoom,
  StatHashes.RecoilDirection,
  StatHashes.AirborneEffectiveness
]);
const NO_BAR = new Set<number>([
  StatHashes.RoundsPerMinute,
  StatHashes.Magazine,
  StatHashes.RecoilDirection,
  StatHashes.DrawTime,
  StatHashes.ChargeTime
]);
const SWORDS = 54;
const BOWS = 3317538576;

export function armorStats(): number[] {
  const { Weapons, Health, Class, Grenade, Super, Melee } = StatHashes;
  return [Weapons, Health, Class, Grenade, Super, Melee];
}
const ARMOR = new Set(armorStats());

/** One investment value as shown, through the display's interpolation, clamped to its maximum. */
export function interpolateStat(investment: number, display: StatDisplay): number {
  // Armor stats are 1:1 and not clamped.
  if (ARMOR.has(display.statHash)) return investment;
  const points = display.interpolation;
  if (!points.length) return Math.min(investment, display.maximumValue);
  const value = Math.min(investment, display.maximumValue);
  let end = points.findIndex((p) => p.value > value);
  // Past the last point the last segment holds; below the first (plugs with negative stats), the
  // first point's weight.
  if (end < 0) end = points.length - 1;
  const start = points[Math.max(0, end - 1)]!;
  const stop = points[end]!;
  if (stop.value === start.value) return start.weight;
  const weight =
    start.weight +
    ((value - start.value) / (stop.value - start.value)) * (stop.weight - start.weight);
  // The game rounds half to even, except the magazine (Bungie-net/api#1029).
  return display.statHash === StatHashes.Magazine ? Math.round(weight) : roundHalfToEven(weight);
}

export function roundHalfToEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x) % 1 === 0.5 ? (r % 2 === 0 ? r : r - 1) : r;
}

/**
 * The stats the sheet shows for an item: its definition's investment stats and its plugs', through
 * its stat group. Armor always shows its six stats (0 where it has none), with base and total.
 */
export function computeItemStats(input: {
  group: StatGroup;
  investment: readonly InvestmentStat[];
  plugs: readonly StatPlug[];
  armor: boolean;
  /** The item's categories: swords hide hidden stats, bows their charge time. */
  categories?: readonly number[];
}): ItemStat[] {
  const displays = new Map(input.group.scaledStats.map((d) => [d.statHash, d]));
  const categories = new Set(input.categories ?? []);
  const shown = (statHash: number) =>
    ORDER.includes(statHash) &&
    !(statHash === StatHashes.ChargeTime && categories.has(BOWS)) &&
    (displays.has(statHash) ||
      (HIDDEN_SHOWN.has(statHash) && !categories.has(SWORDS)) ||
      (input.armor && ARMOR.has(statHash)));
  const investment = new Map<number, { base: number; all: number }>();
  const add = (stat: InvestmentStat, intrinsic: boolean) => {
    if (stat.conditional || !shown(stat.statHash)) return;
    const held = investment.get(stat.statHash) ?? { base: 0, all: 0 };
    investment.set(stat.statHash, {
      base: held.base + (intrinsic ? stat.value : 0),
      all: held.all + stat.value
    });
  };
  for (const stat of input.investment) add(stat, true);
  for (const plug of input.plugs) for (const stat of plug.stats) add(stat, plug.intrinsic);
  if (input.armor)
    for (const hash of ARMOR) if (!investment.has(hash)) add({ statHash: hash, value: 0 }, true);

  return [...investment]
    .map(([statHash, { base, all }]) => {
      const display = displays.get(statHash);
      if (!display) {
        const maximum = input.group.maximumValue;
        const clamp = (v: number) => (ARMOR.has(statHash) ? v : Math.min(v, maximum));
        return {
          statHash,
          value: clamp(all),
          base: clamp(base),
          investment: all,
          maximum,
          bar: !NO_BAR.has(statHash),
          smallerIsBetter: false
        };
      }
      const first = display.interpolation[0];
      const last = display.interpolation.at(-1);
      return {
        statHash,
        value: interpolateStat(all, display),
        base: interpolateStat(base, display),
        investment: all,
        maximum: Math.max(display.maximumValue, first?.weight ?? 0, last?.weight ?? 0),
        bar: !display.displayAsNumeric && !NO_BAR.has(statHash),
        smallerIsBetter: first !== undefined && last !== undefined && first.weight > last.weight
      };
    })
    .sort((a, b) => ORDER.indexOf(a.statHash) - ORDER.indexOf(b.statHash));
}

/** Armor's total of its six stats, as shown and as based. */
export function armorTotal(stats: readonly ItemStat[]): { value: number; base: number } {
  const armor = stats.filter((s) => ARMOR.has(s.statHash));
  return {
    value: armor.reduce((sum, s) => sum + s.value, 0),
    base: armor.reduce((sum, s) => sum + s.base, 0)
  };
}
