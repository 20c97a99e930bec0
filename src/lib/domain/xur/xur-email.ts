import { CURRENCY_NAMES } from '../../bungie/hashes.ts';
import type { VendorStock } from '../inventory/model.ts';
import type { ItemWords } from './arrival.ts';

/** An email ready to send: its subject, an HTML body and the same as plain text. */
export interface XurEmail {
  subject: string;
  html: string;
  text: string;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  );

/**
 * Xûr's stock as an HTML email, the way the first Destiny Vault Raider mailed it: a table of his
 * items with icon, name, type and cost, and when he leaves. Every name is escaped (definitions are
 * data from outside); icons are absolute URLs on Bungie's image host, with the name as alt text.
 */
export function renderXurEmail(
  stock: VendorStock,
  wordsOf: (hash: number) => ItemWords | undefined,
  links: {
    /** Bungie's image host, where the icons' paths lead. */
    imageOrigin: string;
    /** The app's Xûr page. */
    xurPage: string;
    /** This recipient's link that ends the emails at once. */
    stop: string;
  }
): XurEmail {
  const { imageOrigin } = links;
  const until = stock.nextRefreshDate
    ? new Date(stock.nextRefreshDate).toUTCString().replace(':00 GMT', ' UTC')
    : undefined;
  const rows = stock.items.map((item) => {
    const words = wordsOf(item.hash);
    const name = words?.name || 'Classified';
    const cost = item.costs
      .map(
        (c) => `${c.quantity} ${wordsOf(c.hash)?.name || CURRENCY_NAMES[c.hash] || 'Classified'}`
      )
      .join(', ');
    return { name, type: words?.typeName ?? '', icon: words?.icon, cost };
  });
  const subject = `Xûr has arrived: ${rows.map((r) => r.name).join(', ')}`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;background:#14161c;color:#e8eaf0">',
    `<h1 style="font-size:20px">Xûr has arrived</h1>`,
    until ? `<p>He leaves ${escapeHtml(until)}.</p>` : '',
    '<table style="border-collapse:collapse">',
    '<thead><tr><th></th><th align="left">Item</th><th align="left">Type</th><th align="left">Cost</th></tr></thead><tbody>',
    ...rows.map(
      (r) =>
        `<tr><td>${r.icon ? `<img src="${escapeHtml(imageOrigin + r.icon)}" alt="${escapeHtml(r.name)}" width="48" height="48">` : ''}</td>` +
        `<td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.type)}</td><td>${escapeHtml(r.cost)}</td></tr>`
    ),
    '</tbody></table>',
    `<p><a href="${escapeHtml(links.xurPage)}" style="color:#e8c15a">See him in Vault Raider</a></p>`,
    `<p style="font-size:12px;color:#a3a7b3">You asked Vault Raider to email you when Xûr arrives. <a href="${escapeHtml(links.stop)}" style="color:#a3a7b3">Stop these emails</a>.</p>`,
    '</body></html>'
  ].join('');
  const text = [
    `Xûr has arrived${until ? ` (he leaves ${until})` : ''}.`,
    ...rows.map((r) => `- ${r.name}${r.type ? ` (${r.type})` : ''}${r.cost ? `: ${r.cost}` : ''}`),
    '',
    `See him in Vault Raider: ${links.xurPage}`,
    `Stop these emails: ${links.stop}`
  ].join('\n');
  return { subject, html, text };
}

/** The email that confirms an address: one link, and what happens if the reader did not ask. */
export function confirmationEmail(confirmUrl: string): XurEmail {
  return {
    subject: 'Confirm your Xûr emails from Vault Raider',
    html: [
      '<!doctype html><html><body style="font-family:sans-serif">',
      '<p>Someone signed in to Vault Raider asked to have Xûr’s stock emailed to this address each week he arrives.</p>',
      `<p><a href="${escapeHtml(confirmUrl)}">Confirm and start the emails</a></p>`,
      '<p>If that was not you, ignore this email: nothing is sent without the confirmation.</p>',
      '</body></html>'
    ].join(''),
    text: [
      'Someone signed in to Vault Raider asked to have Xûr’s stock emailed to this address each week he arrives.',
      `Confirm and start the emails: ${confirmUrl}`,
      'If that was not you, ignore this email: nothing is sent without the confirmation.'
    ].join('\n\n')
  };
}
