import { writeFileSync } from 'node:fs';
import { encodePng } from '../workers/bungie-sim/src/png.ts';

/**
 * Draws the app icons (PNG, no image library needed): a gold vault door on the app's dark colour.
 * `maskable` keeps the drawing inside the central 80% safe zone. Run: node scripts/make-icons.ts
 */
const BG: [number, number, number] = [0x14, 0x16, 0x1c];
const GOLD: [number, number, number] = [0xe8, 0xc1, 0x5a];

function vaultDoor(size: number, scale: number) {
  const c = size / 2;
  const outer = (size / 2) * scale;
  return encodePng(size, size, (x, y) => {
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
