// Runs before `npm start` and `npm test` in plain JavaScript, so that an older Node gets one clear
// line instead of failing deep inside on the TypeScript scripts it cannot load.
import { readFileSync } from 'node:fs';

const wanted = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
const [major, minor] = /(\d+)\.(\d+)/.exec(wanted).slice(1).map(Number);
const [haveMajor, haveMinor] = process.versions.node.split('.').map(Number);
if (haveMajor < major || (haveMajor === major && haveMinor < minor)) {
  console.error(`Vault Raider needs Node ${wanted}; this is Node ${process.versions.node}. Install Node ${major}.${minor} or newer (see .nvmrc) and run the command again.`);
  process.exit(1);
}
