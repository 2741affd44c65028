#!/usr/bin/env node
// The `pactc` command. The TypeScript sources are compiled to dist/ by `npm install` (the
// `prepare` script); run `npm run build` after editing src/.
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`pactc demo | head`) closes the pipe: stop quietly, as other
// command-line tools do, instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
