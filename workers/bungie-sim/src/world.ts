import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimAccount } from './account.ts';
import {
  createGeneratedDataset,
  defaultGeneratedOptions,
  type GeneratedOptions
} from './data/generated.ts';
import { loadRealDataset } from './data/real.ts';
import type { Dataset, RevisionChange } from './dataset.ts';
import type { SimErrorCode } from './errors.ts';
import { seedLoadouts } from './loadouts.ts';
import { OAuthServer } from './oauth.ts';
import { PushService } from './push-service.ts';
import type { SentMail } from './routes/mail.ts';

export interface SimOptions {
  dataset: 'real' | 'generated';
  generated: GeneratedOptions;
  apiKey: string;
  clientId: string;
  clientSecret: string;
  /** Where the authorize page sends the player back to (the app's callback). */
  redirectUrl: string;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  /** Where item tables are written before they are served. */
  cacheDir: string;
  /** Bungie's minimum spacing between two item actions of one player, in ms. */
  actionSpacingMs: number;
  /**
   * The characters' in-game loadout slots: all empty, or the first two of each filled. By default
   * empty for the real account (it predates in-game loadouts), filled for a generated one.
   */
  inGameLoadouts?: 'empty' | 'generated';
}

export const defaultSimOptions: SimOptions = {
  dataset: 'real',
  generated: defaultGeneratedOptions,
  apiKey: 'sim-api-key-0000000000000000000000',
  clientId: '40000',
  clientSecret: 'sim-client-secret-00000000000000000000',
  redirectUrl: 'http://127.0.0.1:8787/api/auth/callback',
  accessTokenSeconds: 3600,
  refreshTokenSeconds: 7_776_000,
  cacheDir: new URL('../../../.cache/bungie-sim/', import.meta.url).pathname,
  actionSpacingMs: 100
};

export interface Faults {
  /** Share of /Platform requests (0..1) that fail with a 500 UnhandledException. */
  errorRate: number;
  latencyMs: number;
  /** Seconds to ask clients to wait; every /Platform call is throttled while set. */
  throttle: number;
  /**
   * Down for maintenance, in the shapes Bungie has used: its envelope (5 SystemDisabled), an OAuth-style
   * `{error, error_description}` body, or an HTML 503 page from the load balancer.
   */
  maintenance: false | MaintenanceStyle;
  /** JSON answers from /Platform end halfway, as a connection dropped mid-body would leave them. */
  truncateJson: boolean;
  /** The next call's error; `throttleSeconds` is the wait it asks for (a throttle's, say). */
  failNext: { code: SimErrorCode; throttleSeconds?: number } | null;
  /** Definition files end halfway, as a dropped download would. */
  truncateTables: boolean;
}

export type MaintenanceStyle = 'envelope' | 'oauth' | 'html';

export const noFaults: Faults = {
  errorRate: 0,
  latencyMs: 0,
  throttle: 0,
  maintenance: false,
  truncateJson: false,
  failNext: null,
  truncateTables: false
};

export interface ActionLogEntry {
  at: string;
  action: string;
  request: unknown;
  errorCode: number;
}

const datasetCache = new Map<string, Dataset>();

function loadDataset(options: SimOptions): Dataset {
  const key =
    options.dataset === 'real' ? 'real' : `generated:${JSON.stringify(options.generated)}`;
  let dataset = datasetCache.get(key);
  if (!dataset) {
    dataset =
      options.dataset === 'real' ? loadRealDataset() : createGeneratedDataset(options.generated);
    datasetCache.set(key, dataset);
  }
  return dataset;
}

/** The simulator's whole mutable state; routes read and change it, `/__sim/reset` renews it. */
export class SimWorld {
  options: SimOptions;
  dataset: Dataset;
  account: SimAccount;
  oauth: OAuthServer;
  faults: Faults = { ...noFaults };
  revision = 0;
  /** What each manifest revision changed (`/__sim/manifest/bump {changedItems, hostileNames}`). */
  revisionChanges = new Map<number, RevisionChange>();
  xurPresent = true;
  /** Weeks added to Xûr's visit (`/__sim/config {xurWeek}`): a later visit, without waiting a week. */
  xurWeek = 0;
  inActivity = new Set<string>();
  actionLog: ActionLogEntry[] = [];
  webhookMessages: unknown[] = [];
  /** The simulated browser push service; a reset of Bungie's side leaves it alone. */
  readonly push = new PushService();
  /** What the stand-in mail API was asked to send; kept across resets like the push service. */
  readonly mailbox: SentMail[] = [];
  lastActionAt = new Map<string, number>();
  /** When each player last used a Loadouts action: Bungie allows one a second. */
  lastLoadoutActionAt = new Map<string, number>();
  private random: () => number;
  private tables = new Map<string, Promise<string>>();

  readonly now: () => number;

  constructor(options: Partial<SimOptions> = {}, now: () => number = Date.now) {
    this.now = now;
    this.options = { ...defaultSimOptions, ...options };
    this.dataset = loadDataset(this.options);
    this.account = this.createAccount();
    this.oauth = new OAuthServer(this.oauthConfig(), now);
    this.random = seeded(this.options.generated.seed);
  }

  /** A fresh account of the dataset, with its characters' in-game loadout slots. */
  private createAccount(): SimAccount {
    const account = this.dataset.createAccount();
    const mode =
      this.options.inGameLoadouts ?? (this.dataset.name === 'real' ? 'empty' : 'generated');
    account.loadouts = seedLoadouts(account, mode);
    return account;
  }

  private oauthConfig() {
    const o = this.options;
    return {
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      accessTokenSeconds: o.accessTokenSeconds,
      refreshTokenSeconds: o.refreshTokenSeconds,
      codeSeconds: 300
    };
  }

  reset(options: Partial<SimOptions>): void {
    this.options = { ...this.options, ...options };
    this.dataset = loadDataset(this.options);
    this.account = this.createAccount();
    this.oauth = new OAuthServer(this.oauthConfig(), this.now);
    this.faults = { ...noFaults };
    this.revision = 0;
    this.revisionChanges.clear();
    this.xurPresent = true;
    this.xurWeek = 0;
    this.inActivity.clear();
    this.actionLog = [];
    this.webhookMessages = [];
    this.lastActionAt.clear();
    this.lastLoadoutActionAt.clear();
    this.random = seeded(this.options.generated.seed);
  }

  chance(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  version(): string {
    return this.revision === 0
      ? this.dataset.baseVersion
      : `${this.dataset.baseVersion}-sim${this.revision}`;
  }

  /** The item table's file name: it changes with every revision, as Bungie's does. */
  itemTableName(): string {
    const change = this.revisionChanges.get(this.revision);
    // What the revision changed is in the name too: a reset starts the revisions again from 0.
    const variant = change ? `-c${change.count ?? ''}${change.hostile ? 'h' : ''}` : '';
    const slug = `${this.dataset.name}-${this.version()}${variant}`.replace(/[^A-Za-z0-9.-]/g, '_');
    return `DestinyInventoryItemDefinition-${slug}.json`;
  }

  /** Writes the current revision's item table once (streaming) and gives its path. */
  itemTableFile(): Promise<string> {
    const name = this.itemTableName();
    let pending = this.tables.get(name);
    if (!pending) {
      const file = join(this.options.cacheDir, name);
      const revision = this.revision;
      // Written afresh by each process, so a change to the data or its derivation is never stale.
      const partial = `${file}.partial-${process.pid}`;
      pending = this.dataset
        .writeItemTable(partial, revision, this.revisionChanges.get(revision))
        .then(async () => {
          await rename(partial, file);
          return file;
        });
      pending.catch(() => this.tables.delete(name));
      this.tables.set(name, pending);
    }
    return pending;
  }
}

function seeded(seed: number): () => number {
  let a = (seed * 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
