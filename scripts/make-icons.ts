import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Draws the app icons (PNG, no image library needed): a gold vault door on the app's dark colour.
 * `maskable` keeps the drawing inside the central 80% safe zone. Run: node scripts/make-icons.ts
 */
function png(size: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 3 + 1) + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const BG: [number, number, number] = [0x14, 0x16, 0x1c];
const GOLD: [number, number, number] = [0xe8, 0xc1, 0x5a];

function vaultDoor(size: number, scale: number) {
  const c = size / 2;
  const outer = (size / 2) * scale;
  return png(size, (x, y) => {
    const dx = Math.abs(x + 0.5 - c);
    const dy = Math.abs(y + 0.5 - c);
    const r = Math.hypot(x + 0.5 - c, y + 0.5 - c);
    const frame = Math.max(dx, dy) < outer && Math.max(dx, dy) > outer * 0.82;
    const wheel = r < outer * 0.42 && r > outer * 0.3;
    const hub = r < outer * 0.12;
    const spoke = r < outer * 0.42 && (dx < outer * 0.04 || dy < outer * 0.04);
    return frame || wheel || hub || spoke ? GOLD : BG;
  });
}

const dir = new URL('../static/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', dir), vaultDoor(192, 0.8));
writeFileSync(new URL('icon-512.png', dir), vaultDoor(512, 0.8));
writeFileSync(new URL('maskable-512.png', dir), vaultDoor(512, 0.6));
writeFileSync(new URL('apple-touch-icon.png', dir), vaultDoor(180, 0.8));
