/** "a, b or c", "a, b and c": a list in a message, one rule for every message that names several things. */
export function listed(words: readonly string[], conjunction: 'or' | 'and'): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
