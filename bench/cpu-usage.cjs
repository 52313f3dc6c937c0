// Preloaded by bench/quickstart.js (node --require): writes the process's CPU time (user + system,
// ms, Node's start included) to $FLOPCAST_BENCH_CPU_FILE at exit. Unlike wall-clock time, it barely
// changes when other processes load the machine.
'use strict';
const { writeFileSync } = require('node:fs');
const out = process.env.FLOPCAST_BENCH_CPU_FILE;
if (out) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    writeFileSync(out, String((u.user + u.system) / 1000));
  });
}
