// Entry point of the bundled CLI (scripts/bundle.mjs -> dist/flopcast.cjs, run by bin/flopcast.cjs).
import { hideBin } from 'yargs/helpers';
import { main } from './main.js';

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
