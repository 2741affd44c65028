#!/usr/bin/env node
// The `pactc` command. The TypeScript sources are compiled to dist/ by `npm install` (the
// `prepare` script); run `npm run build` after editing src/.
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`pactc demo | head`) closes the pipe: from then on the stream's
// output is dropped instead of dying on an unhandled EPIPE, and the command still ends with its
// own status (`pactc check bad.pact | head` exits 1).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    stream.write = (_chunk, _encoding, callback) => {
      if (typeof _encoding === 'function') _encoding();
      else if (typeof callback === 'function') callback();
      return true;
    };
  });
}

process.exitCode = await main(process.argv.slice(2));
