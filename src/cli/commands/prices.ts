import type { Argv } from 'yargs';
import { today as clockToday } from '../clock.js';
import { priceListing, pricesJson, pricesText } from '../../report/prices.js';
import { baseDirOf } from '../load/files.js';
import { catalogFor } from '../load/hardware.js';
import { HARDWARE_DIR_OPTION, hardwareDirsOf, outputOf } from '../options.js';
import { json, type Io } from '../output.js';
import { keyedAs } from '../../input/unknown.js';

export function pricesCommand(y: Argv, io: Io): Argv {
  return y.command(
    'prices [gpu]',
    'List the dated, sourced prices of one accelerator (or all), and the default each kind resolves to',
    (c) =>
      c
        .positional('gpu', { type: 'string', describe: 'hardware profile id (`flopcast hardware`); all when omitted' })
        .option('hardware-dir', HARDWARE_DIR_OPTION)
        .example('$0 prices h100-sxm', 'every H100 price, its age and the on-demand default')
        .example('SOURCE_DATE_EPOCH=1767225600 $0 prices h200-sxm --json', 'as of 2026-01-01'),
    (argv) => {
      const catalog = catalogFor(baseDirOf(), hardwareDirsOf(argv));
      // SOURCE_DATE_EPOCH (reproducible-builds.org) pins "today", which decides which prices are stale.
      const today = clockToday();
      // An id given empty (`prices ''`) is an unknown GPU, not every profile.
      // Keyed at the command, whose argument it is, as hardware show's (it was `gpu:`, a key nobody typed).
      const profiles = argv.gpu !== undefined ? [keyedAs('flopcast prices', () => catalog.get(String(argv.gpu)))] : catalog.all();
      const listings = profiles.map((p) => priceListing(p, today));
      const o = outputOf(argv, io);
      o.emit(o.json ? json(pricesJson(listings, today)) : pricesText(listings, today));
    },
  );
}
