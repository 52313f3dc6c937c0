/**
 * The one hostile-name corpus (issue 13, items 5 and 6): every output format's escaping layer is
 * tested with these same strings (test/reliability/escaping.test.ts), and the fuzz run draws from
 * them (test/fuzz/hostile.test.ts).
 */
export const HOSTILE_NAMES: readonly string[] = [
  // HTML / Markdown that runs or links
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[click](javascript:alert(1))', '<javascript:alert(1)>',
  '**bold** _em_ `code` ~~strike~~', '# heading', '&lt;entity&gt; &amp;', 'a|b|c', 'back\\slash',
  // spreadsheet formulas (OWASP CSV injection)
  '=HYPERLINK("http://evil","x")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '=1+1', '"quoted", with, commas',
  // terminal control: OSC retitle, clear screen, fake lines, C1 CSI, bidi override, NUL, DEL, tab and CR at the start
  '\x1b]0;pwned\x07', '\x1b[2J\x1b[Hcleared', 'line1\nerror: fake line', 'over\rwritten', '\u009b31mC1 CSI', '\u202eevil\u202c bidi',
  'nul\x00byte', 'del\x7f', '\tleading tab', '\rleading CR', 'sep\u2028line',
];

/** Characters a terminal may act on: C0 (but \n), DEL, C1, bidi and line-separator controls. */
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
