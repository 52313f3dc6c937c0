/**
 * Where an offset into a text is, as every message places it: the line (1-based), lines ended as YAML ends them (LF, CRLF
 * or a CR alone, YAML 1.2 §5.4), and the column (1-based) in UTF-16 units, as the yaml parser's positions are. One rule for
 * each place that turns an offset into a place (a config.json's JSON error, a control character, a byte that is not
 * UTF-8); a config.json's error counted LF alone, so a file with CR line ends was told at line 1 (review34).
 */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, col: lines[lines.length - 1]!.length + 1 };
}
