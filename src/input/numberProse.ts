/**
 * Numbers written as people write them in prose or a spreadsheet, which a scenario value does not
 * read: a currency sign or code (`$2.50/h`, `USD 40M`), a thousands separator or decimal comma (`1,024`, `"2,50"`,
 * `1 024`), a number word (`15 trillion`) or a unit word after a count (`512 GPUs`, `4M tokens`).
 * Each was told as the parser's or the walker's words ("Unexpected operator , (char 2)", "unknown
 * name `GPUs`" with the scenario's names as hint); here it is named with the number to write. Only
 * text no expression reads is matched (src/input/expr.ts asks before evaluating).
 */
import { codePointText } from './codePoint.js';
import { describeNumber } from './errors.js';
import { COUNT_TEXT, countValue, offeredThousandsReading, SUFFIX_LETTERS, SUFFIX_TEXT } from './quantity.js';
import { listed } from './listed.js';
import { fieldWords, FUNCTIONS, KIND_DIM, KIND_TEXT, UNITS } from './exprVocabulary.js';
import type { ExpressionKind } from './expr.js';
import { evaluateTree } from './exprTree.js';
import { rateHint, timeWordIn, writtenRate, type PerUnit } from './rateHint.js';
import { computeAmountProblem } from './computeAmount.js';

export interface ProseProblem {
  message: string;
  hint: string;
}

/** Number words and their suffix (short scale, as "15 trillion tokens" is meant). */
const NUMBER_WORDS: Readonly<Record<string, string>> = { thousand: 'k', million: 'M', mn: 'M', mln: 'M', billion: 'B', bn: 'B', trillion: 'T', tn: 'T', quadrillion: 'P' };
/**
 * The currencies a value may be written in, one list (review35: `CHF 2.5`, `GBP2.5` were "unknown name", `A$3` and `C$3.2`
 * told as US dollars): signs (`A$` before `$`), ISO 4217 codes and words. `usd`: US dollars, whose number is the amount to
 * write; any other's is not (`€2.50` was told "write 2.50", a euro price charged as dollars; newuser35): flopcast converts
 * no currency, the user's own rate does.
 */
const CURRENCIES: ReadonlyArray<{ written: readonly string[]; usd: boolean }> = [
  { written: ['US$', '$', 'USD', 'dollars', 'dollar'], usd: true },
  { written: ['A$', 'AU$', 'C$', 'CA$', 'NZ$', 'HK$', 'S$', '€', '£', '¥', '₹', 'EUR', 'GBP', 'JPY', 'CNY', 'RMB', 'CHF', 'AUD', 'CAD', 'NZD', 'HKD', 'SGD', 'INR', 'KRW', 'euros', 'euro', 'pounds', 'yen', 'yuan'], usd: false },
];
/** One currency's ways of writing as a pattern: a word or code not inside a longer name (`usd_budget`), digits beside it read (`GBP2.5`). */
const currencyPattern = (written: readonly string[]) => {
  const escaped = [...written].sort((a, b) => b.length - a.length).map((w) => w.replace(/[$]/g, '\\$'));
  return new RegExp(`(?<![A-Za-z_])(?:${escaped.join('|')})(?![A-Za-z_])`, 'i');
};
/** A currency sign or code (`$2.50`, `USD 40M`, `2.50 dollars`, `CHF 2.5`): amounts are numbers of US dollars. */
const CURRENCY_RE = currencyPattern(CURRENCIES.flatMap((c) => c.written));
/** A currency other than the US dollar: its number is not the amount to write. */
const OTHER_CURRENCY_RE = currencyPattern(CURRENCIES.filter((c) => !c.usd).flatMap((c) => c.written));
/**
 * Digits grouped by commas, spaces (1 024) or apostrophes (1'024), or one decimal comma; then anything but
 * more digits: a suffix, a unit or the rest of an expression (`1,5T`, `1,5 days`, `1,024 sequences`), which
 * were told as the parser's "Unexpected operator ,".
 */
/** The thousands separators read: comma, space, no-break space, thin space, narrow no-break space, apostrophe. */
const SEPARATORS = ",\\u0020\\u00a0\\u2009\\u202f'";
const SEPARATOR_RE = new RegExp(`[${SEPARATORS}]`);
const SEPARATED_RE = new RegExp(`^([+-]?)(\\d+(?:[${SEPARATORS}]\\d+)+)(\\.\\d+)?((?:\\s*[^\\d\\s.${SEPARATORS}].*)?)$`);
/** IEC 80000-13's binary prefixes, by power of 1,024. */
const BINARY_PREFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵';
/**
 * What a value that is no share of anything says to a percentage (`count: 6400%`, `usd_per_gpu_hour: 250%`, `--deadline
 * "10 percent"`), written with the sign or the word: what it takes instead. Only ratios read one (expr.ts
 * ExpressionOptions.percent).
 */
export function noPercentHint(kind: ExpressionKind, integer = false): string {
  return integer ? 'a count of whole things is no percentage: write the number itself'
    : KIND_DIM[kind] !== 'none' ? `${KIND_TEXT[kind]} is no percentage: ${fieldWords(kind).hint}`
    : 'this value is no share of anything: write the number itself';
}

/** A count, then a word. */
const WORD_AFTER_RE = new RegExp(String.raw`^(${COUNT_TEXT})\s*([A-Za-z][A-Za-z-]*)(.*)$`);
const LEADING_COUNT_RE = new RegExp(`^${COUNT_TEXT}`);
/** A number in base 16, 8 or 2 as JavaScript, YAML 1.2 and mathjs write it (`0x10`, `0o17`, `0b101`). */
const RADIX_RE = /^0(?:(x)[0-9a-f]+|(o)[0-7]+|(b)[01]+)$/i;
const RADIX_NAME: Readonly<Record<string, string>> = { x: 'hexadecimal', o: 'octal', b: 'binary' };

/**
 * What is wrong with `source` as a number, when it is written as prose; undefined otherwise. `expressions`: whether
 * the value takes expressions (a scenario's does; a command-line or library count does not, quantity.ts countValue),
 * so a hint never writes one where none is read (`--count 2¹⁰` was told "write 2^10", which --count refuses). `integer`:
 * the value is a whole count (countArg's), which no fraction is (`--count "10 percent"` was told "write the fraction, 0.1").
 */
export function proseNumberProblem(source: string, scope: Readonly<Record<string, number>>, kind: ExpressionKind, expressions = true, integer = false, percent = true, per?: PerUnit, dollars = false): ProseProblem | undefined {
  // An amount of GPU-hours (`1800 GPU-hours`) is no rate, whatever its currency or separators: what the key takes instead.
  const compute = computeAmountProblem(source, per, dollars, scope, kind);
  if (compute) return compute;
  if (CURRENCY_RE.test(source)) {
    const rest = source.replace(new RegExp(CURRENCY_RE.source, 'gi'), '').replace(/\s+/g, ' ').trim();
    const number = LEADING_COUNT_RE.exec(rest)?.[0];
    // `$1800/month`, `$2.50 per hour`: the rate's rule (rateHint.ts), as `1800/month` is told; "write 1800" was a price per
    // hour 720 times the one meant.
    // A time word past the number that no rate form reads (`$1800 per node monthly`) is the rate's hint too: never "write 1800".
    // With a thousands separator (`$1,800/month`), the rate's hint for each reading of it.
    const isSeparated = SEPARATED_RE.test(rest);
    const rate = isSeparated ? undefined : statedRate(rest);
    const separatedRate = isSeparated ? separatedRateHint(rest, per) : undefined;
    if ((rate || separatedRate) && !OTHER_CURRENCY_RE.test(source)) {
      return { message: `a currency is not read in a value, found \`${source}\``, hint: `amounts are numbers of US dollars, without a sign; ${separatedRate ?? rateHint(rate!.value, rate!.unit, per, rate!.number)}` };
    }
    return {
      message: `a currency is not read in a value, found \`${source}\``,
      hint: OTHER_CURRENCY_RE.test(source)
        ? `amounts are numbers of US dollars: convert \`${source.trim()}\` to USD at a stated rate and date, and write that number without a sign (flopcast converts no currency)`
        : number !== undefined && !separated(rest)
        ? `amounts are numbers of US dollars: write ${number}${number === rest ? '' : ' (the key\'s name says per what)'}`
        : 'amounts are numbers of US dollars, written without a sign: 2.50, 250k',
    };
  }
  const grouped = separated(source, integer, KIND_DIM[kind] === 'none' ? per : 'none');
  if (grouped) return grouped;
  const foreign = notAscii(source, expressions);
  if (foreign) return foreign;
  // A hexadecimal, octal or binary literal where only decimals are read (`--count 0x10`): a scenario's YAML and
  // expressions read it as 16, a command-line or library count refused it with no word of why (hostile sweep 21).
  const radix = RADIX_RE.exec(source.trim());
  if (!expressions && radix) {
    return { message: `a value here is decimal, found \`${source}\``, hint: `write ${describeNumber(Number(radix[0]))} (\`${radix[0]}\` is ${RADIX_NAME[(radix[1] ?? radix[2] ?? radix[3])!.toLowerCase()]}, which this value does not read)` };
  }
  // An ASCII expression where none is read (`--seq-len 8*1024`): its value, as the same written with × is told.
  if (!expressions && /[-+*/^()]/.test(source.trim().slice(1)) && countValue(source) === undefined) {
    const value = expressionValue(source.trim());
    if (value !== undefined) return { message: `a value here takes no arithmetic, found \`${source}\``, hint: `write ${describeNumber(value)} (\`${source.trim()}\` is an expression, which this value does not take)` };
  }
  // A rate in words or a rate card's abbreviation (`1800 per month`, `1800 a month`, `2.5/GPU-hour`, `1800/mo`), which no
  // expression reads: told by the rate's rule, as `1800/month` is (the walker's, exprTree.ts). It was "write 1800: its name
  // says what it counts", a price per hour 730 times the one meant, or `mo` "did you mean M?" (review35b).
  const rate = KIND_DIM[kind] === 'none' ? writtenRate(source) : undefined;
  if (rate && !(expressions && rate.read) && !Object.hasOwn(scope, rate.word)) {
    return { message: `a value takes no time unit, found \`${source}\``, hint: rateHint(rate.value, rate.unit, per, rate.number) };
  }
  const m = WORD_AFTER_RE.exec(source);
  if (!m) return undefined;
  const [, number, word, rest] = m as unknown as [string, string, string, string];
  const suffix = NUMBER_WORDS[word.toLowerCase()];
  // Words with a time word among them that no rate form above reads (`1800 per node per month`, `1.8 thousand a month`,
  // `1800 tokens per second`): the rate's hint, converted, never "write 1800" (review36: 730 times the hourly price meant).
  // A word an expression reads (`3 days`, a scenario's name) is the evaluator's, as below.
  const loose = KIND_DIM[kind] === 'none' && !Object.hasOwn(scope, word) && !Object.hasOwn(UNITS, word) && !Object.hasOwn(FUNCTIONS, word) ? timeWordIn(`${word}${rest}`) : undefined;
  const looseNumber = suffix !== undefined ? `${number.trim()}${suffix}` : number.trim();
  const looseValue = loose === undefined ? undefined : countValue(looseNumber);
  if (loose !== undefined && looseValue !== undefined) {
    return { message: `a value takes no time unit, found \`${source}\``, hint: rateHint(looseValue, loose, per, looseNumber) };
  }
  if (suffix !== undefined && /^[+-]?[\d.]+$/.test(number.replace(/_/g, ''))) {
    return { message: `\`${word}\` is not read in a value, found \`${source}\``, hint: `write ${number.trim()}${suffix} (${SUFFIX_TEXT})` };
  }
  if (/^(percent|pct)$/i.test(word) && rest.trim() === '') {
    const fraction = expressions ? undefined : countValue(number);
    // Where a percentage is no value of the field, what the field takes (`--deadline "10 percent"` was told "write 10%",
    // then refused: a duration needs a unit).
    const hint = integer || KIND_DIM[kind] !== 'none' || !percent ? noPercentHint(kind, integer)
      : fraction !== undefined ? `write the fraction, ${describeNumber(fraction / 100)}` : `write ${number.trim()}% (or the fraction, ${number.trim()} / 100)`;
    return { message: `\`${word}\` is not read in a value, found \`${source}\``, hint };
  }
  // A word an expression reads (`20 params`, `21 days`, `2 max(...)`) is left to the evaluator, and
  // a duration's or size's unknown unit keeps the evaluator's did-you-mean (`3 dayz`).
  if (Object.hasOwn(scope, word) || Object.hasOwn(UNITS, word) || Object.hasOwn(FUNCTIONS, word) || (kind !== 'count' && kind !== 'number')) return undefined;
  if (rest.trim() !== '' && !/^[A-Za-z\s/-]*$/.test(rest)) return undefined;
  // A suffix in the wrong case (`15t`, `300b`, `2.5m`): the generic hint below said "write 15", a
  // thousandth of 15T, followed without a word of warning.
  // A binary prefix (IEC 80000-13: Ki = 1,024, Mi = 1,024², ...): `8Ki` was told "write 8K ..., or 8", and 8K is refused in
  // a sequence length as ambiguous, 8 a thousandth of it.
  const power = BINARY_PREFIXES.indexOf(word) + 1;
  if (power > 0 && rest.trim() === '' && /^[+-]?\d*\.?\d+$/.test(number.trim())) {
    const value = Number(number.trim()) * 1024 ** power;
    const times = `1,024${power > 1 ? SUPERSCRIPT_DIGITS[power] : ''}`;
    if (Number.isSafeInteger(value)) return { message: `\`${word}\` is not read in a value, found \`${source}\``, hint: `write ${value} (\`${word}\` is the binary prefix ${times}: ${number.trim()} × ${times})` };
  }
  const upper = word.toUpperCase();
  if (word.length === 1 && word !== upper && SUFFIX_LETTERS.includes(upper) && rest.trim() === '') {
    return { message: `\`${word}\` is not a suffix, found \`${source}\``, hint: `write ${number.trim()}${upper}: suffixes are case-sensitive (${SUFFIX_TEXT})` };
  }
  const n = number.trim();
  const counted = /^(tokens|sequences)$/i.test(word) ? word.toLowerCase() : undefined;
  // A suffix with a letter after it, no space between (`1TT`, `4Mtokens`; `1Ti` is a binary prefix, above): the hint below said
  // "write 1", dropping the suffix the text began with, a trillionth of 1T.
  const glued = !counted && word.length > 1 && SUFFIX_LETTERS.includes(word[0]!) && source.startsWith(number + word) ? word[0] : undefined;
  return {
    message: `a value takes no unit word, found \`${source}\``,
    hint: counted ? `write ${n} where the name counts ${counted}; a global batch of ${n} ${counted} is global_batch: {${counted}: ${n}}`
      : glued ? `write ${n}${glued} if \`${glued}\` is the suffix (${SUFFIX_TEXT}), or ${n}: its name says what it counts`
      : `write ${n}: its name says what it counts`,
  };
}

/** What a copy from a paper, a word processor or another keyboard puts in a number, and the ASCII meant. */
const ASCII_FOR: Readonly<Record<string, string>> = {
  '\u2212': '-', '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\ufe63': '-', // minus sign, hyphens, dashes
  '\u00d7': '*', '\u22c5': '*', '\u00b7': '*', '\u2219': '*', // times, dot operators, middle dot
  '\u00f7': '/', '\u2215': '/', '\u2044': '/', // division sign, division and fraction slashes
  '\u066b': '.', // Arabic decimal separator
  '\u207b': '-', // superscript minus (NFKC makes U+2212 of it)
};

/**
 * The ASCII a character outside it is read as (NFKC: fullwidth ８ is 8, superscript ⁸ is 8), '' for one that does not show, or
 * undefined. What does not show is every format character and separator (Cf, Z), not only the spaces and zero-width
 * characters the YAML hint names (yamlHints.ts UNSEEN_RE, codePoint.ts). Apart on purpose: the character is in a value
 * already refused, and the value meant is the same without any of them; that hint guesses which character caused an
 * error, and names only those pasted text is known to carry.
 */
function asciiOf(c: string): string | undefined {
  if (c <= '\x7f') return c;
  if (ASCII_FOR[c] !== undefined) return ASCII_FOR[c];
  if (/^[\p{Cf}\p{Z}]$/u.test(c)) return '';
  const compatible = c.normalize('NFKC');
  return /^[\x21-\x7e]+$/.test(compatible) ? compatible : undefined;
}

/**
 * A character outside ASCII, which no value reads: a minus sign (U+2212) or a zero-width space pasted
 * with the number, fullwidth or Arabic-Indic digits. It was the parser's 'Syntax error in part "−8"
 * (char 1)', or 'in part ""' for a character that does not show. Named by code point and column; the hint
 * is the ASCII meant where it is a value the context takes: where it takes no expressions (`expressions`),
 * an expression's value (`2¹⁰`: 1024, not 2^10); text with no digit or letter (`−` alone) is no value.
 */
function notAscii(source: string, expressions: boolean): ProseProblem | undefined {
  const chars = [...source];
  const col = chars.findIndex((c) => c > '\x7f');
  if (col < 0) return undefined;
  const c = chars[col]!;
  const code = codePointText(c);
  // A superscript is a power (2⁸ is 2^8), where NFKC alone makes 28 of it.
  const sup = (x: string | undefined) => x !== undefined && /^[\u00b2\u00b3\u00b9\u2070-\u207b]$/.test(x);
  // After an exponent's e (1e⁹), the exponent's digits: 1e^9 reads nowhere.
  const power = (i: number) => i > 0 && !sup(chars[i - 1]) && !/^[eE]$/.test(chars[i - 1]!);
  const meant = chars.map((x, i) => (sup(x) && power(i) ? `^${asciiOf(x) ?? ''}` : asciiOf(x)));
  const ascii = meant.every((m) => m !== undefined) ? meant.join('').trim() : undefined;
  const valueText = expressions ? 'digits, a suffix (k, M, B, T, P), + - * / ^ and parentheses' : 'digits and a suffix (k, M, B, T, P), no arithmetic';
  const message = `a value is written in ASCII, found ${code} at column ${col + 1} of \`${source}\``;
  if (ascii === undefined || ascii === '') return { message, hint: /^\p{Nd}$/u.test(c) ? 'write the digits 0-9' : `write the value in ASCII: ${valueText}` };
  if (!/[0-9A-Za-z]/.test(ascii)) return { message, hint: `\`${source}\` is \`${ascii}\` in ASCII, no value: write the value in ASCII: ${valueText}` };
  if (!expressions && countValue(ascii) === undefined) {
    const value = expressionValue(ascii);
    return { message, hint: value === undefined ? `write the value in ASCII: ${valueText}` : `write ${describeNumber(value)} (\`${ascii}\` is an expression, which this value does not take)` };
  }
  const unseen = asciiOf(c) === '' ? ` (${code} ${/^\p{Cf}$/u.test(c) ? 'does not show: a zero-width character pasted with the number' : 'is a space other than ASCII\'s, pasted with the number'})` : '';
  return { message, hint: `write ${ascii}${unseen}` };
}

/** The value of an arithmetic expression with no names (the walker's, exprTree.ts), or undefined where it has none. */
function expressionValue(text: string): number | undefined {
  const fail = (): never => {
    throw new Error('no value');
  };
  try {
    const q = evaluateTree(text, {}, fail, 'number');
    return q.dim === 'none' && Number.isFinite(q.value) ? q.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `1,024`, `2,50`, `1 024`, `1'024`: the readings the text may mean, as the number to write. `integer` (a count): no
 * decimal-point reading without a suffix, which no count is (`1,5T` is 1.5T, whole; `--seq-len 2048,4096` was told
 * "write 2048.4096 if the comma is a decimal point", hostile sweep 27), and a comma that separates no thousands there
 * is several numbers where one goes.
 */
function separated(source: string, integer = false, per: PerUnit | 'none' | undefined = 'none'): ProseProblem | undefined {
  const parts = separatedParts(source);
  if (!parts) return undefined;
  const { sign, decimals, tail, groups, separator, what, thousands, decimalComma } = parts;
  const rate = per === 'none' ? undefined : separatedRateHint(source, per);
  if (rate) return { message: `a ${what} is not read in a number, found \`${source}\``, hint: rate };
  const readings: string[] = [];
  if (thousands) readings.push(`${sign}${groups.join('')}${decimals}${tail} (or ${sign}${groups.join('_')}${decimals}${tail}) if the ${what} separates thousands`);
  if (decimalComma && (!integer || tail !== '')) readings.push(`${sign}${groups[0]}.${groups[1]}${tail} if the comma is a decimal point`);
  // Several numbers grouped by thousands, a list where one value is read (`--count 1,536,2,304`: 1536 and 2304).
  const list = separator === ',' && !readings.length && decimals === '' && tail === '' ? offeredThousandsReading(groups) : undefined;
  if (list && list.length > 1) readings.push(`one of ${listed(list.map((n, i) => (i === 0 ? sign + n : n)), 'or')}: with thousands separators \`${source.trim()}\` is ${list.length} numbers, and this value is one`);
  if (integer && !readings.length && separator === ',' && decimals === '' && tail === '') readings.push(`one of ${listed(groups.map((n, i) => (i === 0 ? sign + n : n)), 'or')}: \`${source.trim()}\` is ${groups.length} numbers, and this value is one`);
  return {
    message: `a ${what} is not read in a number, found \`${source}\``,
    hint: readings.length ? `write ${readings.join(', or ')}` : 'write the number without separators, with a point for decimals: 1024, 2.50, 1_000_000',
  };
}

/**
 * A number written with separators (SEPARATED_RE), in its parts: the digit groups, the separator and its name, and the
 * readings it allows: `thousands` (groups of three after a first of one to three), `decimalComma` (one comma, no point).
 */
function separatedParts(source: string): { sign: string; decimals: string; tail: string; groups: string[]; separator: string; what: string; thousands: boolean; decimalComma: boolean } | undefined {
  const m = SEPARATED_RE.exec(source);
  if (!m) return undefined;
  const [, sign, digits, decimals = '', tail = ''] = m as unknown as [string, string, string, string?, string?];
  const separator = digits.match(SEPARATOR_RE)![0];
  const what = separator === ',' ? 'comma' : separator === "'" ? 'apostrophe' : 'space';
  const groups = digits.split(SEPARATOR_RE);
  const thousands = groups.slice(1).every((g) => g.length === 3) && groups[0]!.length <= 3;
  return { sign, decimals, tail, groups, separator, what, thousands, decimalComma: separator === ',' && groups.length === 2 && decimals === '' };
}

/** `text` (a count, then words) as a rate: a form writtenRate reads, or a time word among other words (rateHint.ts timeWordIn). */
function statedRate(text: string): { value: number; unit: string; number: string } | undefined {
  const rate = writtenRate(text);
  if (rate) return rate;
  const number = LEADING_COUNT_RE.exec(text.trim())?.[0];
  const unit = number === undefined ? undefined : timeWordIn(text.trim().slice(number.length));
  const value = number === undefined ? undefined : countValue(number);
  return unit === undefined || value === undefined ? undefined : { value, unit, number: number!.trim() };
}

/**
 * The hint for a rate written with a thousands separator (`1,800 per month`, `{usd_per_gpu_hour: 1,800/month}`) in a key per
 * `per`: the rate's (rateHint), for each reading of the separator, or undefined where the text is no rate. It was "write 1800
 * per month", refused next as a rate, and inside `{...}` "write 1.800/month", a thousandth of it (review36).
 */
export function separatedRateHint(source: string, per: PerUnit | undefined): string | undefined {
  const parts = separatedParts(source.trim());
  if (!parts) return undefined;
  const { sign, decimals, tail, groups, what } = parts;
  const thousands = parts.thousands ? statedRate(`${sign}${groups.join('')}${decimals}${tail}`) : undefined;
  const decimal = parts.decimalComma ? statedRate(`${sign}${groups[0]}.${groups[1]}${tail}`) : undefined;
  const readings = [
    ...(thousands ? [`if the ${what} separates thousands, ${rateHint(thousands.value, thousands.unit, per, thousands.number)}`] : []),
    ...(decimal ? [`if the comma is a decimal point, ${rateHint(decimal.value, decimal.unit, per, decimal.number)}`] : []),
  ];
  return readings.length ? readings.join('; ') : undefined;
}
