import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { XUR_VISIT_KEY } from '../../workers/shard-publisher/src/xur-watch';
import { sim, publisherAdmin } from './helpers';

const look = async () => (await (await publisherAdmin('/xur')).json()) as { outcome: string };
const messages = async () =>
  ((await (await sim('/__sim/webhook')).json()) as { text: string }[]).filter((m) =>
    m.text.startsWith('Xûr has arrived')
  );

beforeAll(async () => {
  // The item names come from the published shards.
  await sim('/__sim/reset', {});
  expect((await publisherAdmin('/run')).status).toBe(200);
}, 60_000);
beforeEach(async () => {
  await env.SHARDS.delete(XUR_VISIT_KEY);
  await sim('/__sim/config', { xur: true, xurWeek: 0 });
});

describe("Xûr's arrival, watched by the cron Worker", () => {
  it('is announced once per visit, across runs, with his items by name and cost', async () => {
    const before = (await messages()).length;
    expect(await look()).toMatchObject({ outcome: 'announced' });
    expect(await look()).toEqual({ outcome: 'known' });
    expect(await look()).toEqual({ outcome: 'known' });
    const sent = (await messages()).slice(before);
    expect(sent).toHaveLength(1);
    const lines = sent[0]!.text.split('\n');
    expect(lines[0]).toMatch(/^Xûr has arrived until \w{3}, \d{2} \w{3} \d{4} 17:00 UTC\.$/);
    // Five exotics, each named (from the published shards) with its price.
    expect(lines.slice(1)).toHaveLength(5);
    for (const line of lines.slice(1))
      expect(line).toMatch(/^• (?!Classified)[^:]+: 97 Legendary Shards$/);
  });

  it('says nothing while he is away, and announces his next visit', async () => {
    expect(await look()).toMatchObject({ outcome: 'announced' });
    const before = (await messages()).length;
    await sim('/__sim/config', { xur: false });
    expect(await look()).toEqual({ outcome: 'away' });
    // Back the same week: the same visit, not announced again.
    await sim('/__sim/config', { xur: true });
    expect(await look()).toEqual({ outcome: 'known' });
    // The next week's visit.
    await sim('/__sim/config', { xurWeek: 1 });
    expect(await look()).toMatchObject({ outcome: 'announced' });
    expect((await messages()).length).toBe(before + 1);
  });

  it('never announces a visit twice after a run died mid-announcement, and tries again after a refusal', async () => {
    const before = (await messages()).length;
    // A run claimed this visit and died before its message went out: no second message.
    expect(await look()).toMatchObject({ outcome: 'announced' });
    const record = (await (await env.SHARDS.get(XUR_VISIT_KEY))!.json()) as { visit: string };
    await env.SHARDS.put(
      XUR_VISIT_KEY,
      JSON.stringify({ visit: record.visit, state: 'announcing', at: 0 })
    );
    expect(await look()).toEqual({ outcome: 'known' });
    // The webhook refused it outright: the next run tries again.
    await env.SHARDS.put(
      XUR_VISIT_KEY,
      JSON.stringify({ visit: record.visit, state: 'failed', at: 0 })
    );
    expect(await look()).toMatchObject({ outcome: 'announced' });
    expect((await messages()).length).toBe(before + 2);
  });
});
