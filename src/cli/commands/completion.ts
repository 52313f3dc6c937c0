/**
 * `flopcast completion`: yargs prints the bash/zsh script (main.ts registers it with this description). yargs answers
 * `completion --help` (and `help completion`) with the script itself, so the command's help is written here.
 */
export const COMPLETION_DESCRIPTION = 'Print a bash/zsh completion script: flopcast completion >> ~/.bashrc';

/** The help of `flopcast completion`, laid out as yargs lays out every other command's. */
export function completionHelp(): string {
  return [
    'flopcast completion',
    '',
    COMPLETION_DESCRIPTION,
    '',
    'Options:',
    '      --json   print {"command": "completion", "script": ...} on stdout    [boolean] [default: false]',
    '      --out    write the script to this file instead of stdout                               [string]',
    '      --debug  show stack traces on errors                                 [boolean] [default: false]',
    '  -h, --help   Show help                                                                    [boolean]',
    '',
    'Examples:',
    '  flopcast completion >> ~/.bashrc          bash: complete commands, options and choices (the script',
    '                                            calls flopcast: put it on your PATH, npm link)',
    '  flopcast completion >> ~/.zshrc           the same for zsh',
    '  flopcast completion --out completion.sh   the script in a file',
  ].join('\n');
}
