// Runs the simulator's CommonJS bundle with a V8 code cache beside it: `node run-bundle.cjs BUNDLE kubectl|helm ARGS...`
// (launch.sh calls this). Every simulated call is a process, and compiling the half-megabyte bundle was a
// third of each one's CPU; with the cache V8 skips it. The cache is written once, after a call, so it holds
// the functions that call compiled too. V8 rejects a cache that does not match the bundle or this node, and
// it is written anew then. Plain JavaScript: it runs before anything could compile TypeScript.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');

const bundle = path.resolve(process.argv[2]);
// The bundle reads its tool and arguments from process.argv.slice(2), as if it had been run directly.
process.argv.splice(2, 1);
const cacheFile = `${bundle}.v8-cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  process.once('exit', () => {
    try {
      // A temporary file then a rename: concurrent calls may all write, none reads half a cache.
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // Without a cache the next call compiles again; nothing else depends on it.
    }
  });
}
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, createRequire(bundle), module_, bundle, path.dirname(bundle));
