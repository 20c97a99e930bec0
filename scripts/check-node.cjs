// Runs before `npm start`, `npm test` and `npm run dev`, in plain CommonJS so that any Node can read
// it: an unsupported Node gets one clear line instead of failing deep inside on TypeScript it cannot
// load. The supported versions are package.json's `engines.node`, the same range npm checks.
'use strict';
const { readFileSync } = require('fs');
const { join } = require('path');

const wanted = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).engines.node;
const have = process.versions.node.split('.').map(Number);

/** `^A.B` (A.B or newer within major A) or `>=A.B` (A.B or newer), the forms package.json uses. */
function satisfies(part) {
  const match = /^(\^|>=)\s*(\d+)(?:\.(\d+))?/.exec(part.trim());
  if (!match) throw new Error(`check-node cannot read the range "${part}" in package.json`);
  const major = Number(match[2]);
  const minor = Number(match[3] || 0);
  const atLeast = have[0] > major || (have[0] === major && have[1] >= minor);
  return match[1] === '^' ? have[0] === major && atLeast : atLeast;
}

if (!wanted.split('||').some(satisfies)) {
  console.error(
    `Vault Raider needs Node ${wanted}; this is Node ${process.versions.node}. Install Node 22.19 or newer (see .nvmrc) and run the command again.`
  );
  process.exit(1);
}
