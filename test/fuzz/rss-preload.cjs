// Loaded with `node --require` by test/fuzz/hostile.test.ts: at exit, writes this process's peak
// resident set size (process.resourceUsage().maxRSS, in KiB) and its CPU time (user + system, in
// microseconds) to the file named by FLOPCAST_RSS_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  if (process.env.FLOPCAST_RSS_FILE) writeFileSync(process.env.FLOPCAST_RSS_FILE, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`);
});
