import type { Argv } from 'yargs';
import { listSummary } from '../../hardware/profile.js';
import { describeNumber } from '../../input/errors.js';
import { shownName } from '../../input/name.js';
import { didYouMean } from '../../input/suggest.js';
import { keyedAs } from '../../input/unknown.js';
import { today } from '../clock.js';
import { UsageError } from '../errors.js';
import { hardwareJson, hardwareList, hardwareListJson, hardwareShow } from '../../report/hardware.js';
import { baseDirOf } from '../load/files.js';
import { catalogFor } from '../load/hardware.js';
import { countOption, HARDWARE_DIR_OPTION, hardwareDirsOf, outputOf } from '../options.js';
import { json, type Io } from '../output.js';

/** The options that filter `hardware list`. */
const LIST_FILTERS = ['vendor', 'min-memory'] as const;

export function hardwareCommand(y: Argv, io: Io): Argv {
  return y.command(
    'hardware [action] [id]',
    'List accelerator profiles, or show one with the source of every figure',
    (c) =>
      c
        .positional('action', { choices: ['list', 'show'], default: 'list' })
        .positional('id', { type: 'string', describe: 'profile id for `show`' })
        .option('vendor', { type: 'string', describe: 'list only this vendor (NVIDIA, AMD, Google, ...)' })
        .option('min-memory', { type: 'string', describe: 'list only accelerators with at least this many GB' })
        .option('hardware-dir', HARDWARE_DIR_OPTION)
        .example('$0 hardware', 'every profile')
        .example('$0 hardware --vendor amd', 'AMD accelerators')
        .example('$0 hardware show h100-sxm', 'one profile with sources')
        .check((a) => (a.action === 'show' && !a.id ? 'give the profile id: flopcast hardware show h100-sxm' : true)),
    (argv) => {
      const catalog = catalogFor(baseDirOf(), hardwareDirsOf(argv));
      if (argv.action === 'show') {
        // The list's filters were read by nothing here: `show h100-sxm --vendor amd` printed the NVIDIA part.
        const filters = LIST_FILTERS.filter((k) => argv[k] !== undefined).map((k) => `--${k}`);
        if (filters.length) {
          throw new UsageError(`${filters.join(' and ')} filter${filters.length > 1 ? '' : 's'} the list: flopcast hardware show prints the one profile named`, `leave ${filters.join(' and ')} out, or leave out show and the id to list what ${filters.length > 1 ? 'they keep' : 'it keeps'}`);
        }
        // The id is the command's argument, not a `gpu` key: the error names the command the user typed.
        const p = keyedAs('flopcast hardware show', () => catalog.get(String(argv.id)));
        const o = outputOf(argv, io);
        return o.emit(o.json ? json(hardwareJson(p)) : hardwareShow(p, today()));
      }
      // `hardware list h100-sxm` listed every profile, the id unread (it is show's).
      if (argv.id !== undefined) {
        const id = shownName(String(argv.id));
        throw new UsageError(`flopcast hardware list: unexpected argument \`${id}\``, `flopcast hardware show ${id.trim() ? id : 'ID'} shows one profile; --vendor and --min-memory filter the list`);
      }
      const vendor = argv.vendor === undefined ? undefined : String(argv.vendor).toLowerCase();
      // GB, not a count: `80GB` was told "expected a number such as 300e9, 300B, 1.4T, 2.5M or 4k".
      const minGB = countOption('min-memory', argv['min-memory'], { integer: false, syntax: 'a number of GB such as 80 or 141, without the unit' });
      const all = listSummary(catalog.all(), today());
      // A vendor no profile is by is a typo, not an empty list (exit 2, the vendor meant when one is near).
      const vendors = [...new Set(all.map((r) => r.vendor))];
      // An empty one names no vendor (every name includes ''): it listed every profile, where '  ' was refused.
      if (vendor !== undefined && vendor.trim() === '') throw new UsageError('--vendor needs a vendor name, found an empty string', `the vendors: ${vendors.join(', ')}`);
      if (vendor !== undefined && !vendors.some((v) => v.toLowerCase().includes(vendor))) {
        throw new UsageError(`--vendor: no profile is by \`${shownName(String(argv.vendor))}\``, didYouMean(vendor, vendors) ?? `the vendors: ${vendors.join(', ')}`);
      }
      const byVendor = all.filter((r) => vendor === undefined || r.vendor.toLowerCase().includes(vendor));
      const rows = byVendor.filter((r) => minGB === undefined || r.memoryGB >= minGB);
      // A size no profile holds is a slip (MB for GB, a zero too many), as a vendor no profile is by: `--min-memory 80000`
      // printed an empty table, exit 0. The largest is named, of the vendor asked for.
      if (!rows.length && minGB !== undefined && byVendor.length) {
        const largest = byVendor.reduce((a, b) => (b.memoryGB > a.memoryGB ? b : a));
        const of = vendor === undefined ? '' : ` by \`${shownName(String(argv.vendor))}\``;
        throw new UsageError(`--min-memory: no profile${of} has ${describeNumber(minGB)} GB or more`, `the most is ${largest.memoryStated} (${largest.id}); --min-memory is in GB`);
      }
      const o = outputOf(argv, io);
      o.emit(o.json ? json(hardwareListJson(rows)) : hardwareList(rows));
    },
  );
}
