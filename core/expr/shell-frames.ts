/**
 * The states of the shell lexer (shell-context.ts): one frame per construct the text is inside
 * (a quote, `$(…)`, a comment, a here-document, …), and how a command frame follows words and
 * the keywords that change what comes next (`case … esac`, `[[ … ]]`).
 */

/** Where in a `case` statement: its subject, `in`, a pattern (before `)`), or a body. */
export type CaseState = 'subject' | 'in' | 'pattern' | 'body';

/** A here-document announced by `<<WORD` whose body starts after the next newline. */
export interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
}

/** The word after `<<` / `<<-` while it is being read. */
export interface DelimiterReader {
  text: string;
  started: boolean;
  quote: "'" | '"' | null;
  stripTabs: boolean;
}

/** Commands: the whole text, or the inside of `$(…)` (`sub`). */
export interface CommandFrame {
  kind: 'command';
  sub: boolean;
  /** Open `(` of subshells and process substitutions inside this frame. */
  parens: number;
  /** Nested `case` statements and where in each we are. */
  cases: CaseState[];
  /** Inside `[[ … ]]`. */
  test: boolean;
  /** In the word after `>&` or `<&`, which bash expands a second time when it is not a number. */
  dupTarget: boolean;
  /** Inside a bash array assignment `name=(…)`, which holds only words. */
  array: boolean;
  wordStart: boolean;
  commandPosition: boolean;
  inWord: boolean;
  /** The current word's characters when it is plain text (for keywords); null once not. */
  word: string | null;
  prev: string;
  heredocs: Heredoc[];
  delimiter: DelimiterReader | null;
}

/** One construct the lexer is inside; the innermost is the top of its stack. */
export type Frame =
  | CommandFrame
  | { kind: 'single' | 'double' | 'ansi' | 'backquote' | 'comment' }
  | { kind: 'param'; inDouble: boolean }
  | { kind: 'arith' | 'bracket'; depth: number }
  | { kind: 'heredoc'; docs: Heredoc[]; line: string; dirty: boolean };

/** Frames where no quoting keeps a placeholder's value data, and how a refusal names them. */
export const REFUSED_IN: Readonly<Record<string, string>> = {
  comment: 'inside a shell comment',
  heredoc: 'inside a here-document',
  backquote: 'inside backquotes (write $(…) instead)',
  ansi: "inside $'…'",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, on purpose
  param: 'inside ${…}',
  arith: 'inside shell arithmetic ($((…)) or ((…)))',
  bracket: 'inside $[…]',
};

/** Words after which the next word is again a command name. */
const KEEPS_COMMAND_POSITION = new Set([
  '!',
  '{',
  'then',
  'do',
  'else',
  'elif',
  'if',
  'while',
  'until',
  'time',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
/** Characters that end an unquoted word. */
export const METACHARACTERS = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);

/** A fresh command context: the whole text, or the inside of `$(…)`. */
export function commandFrame(sub: boolean): CommandFrame {
  return {
    kind: 'command',
    sub,
    parens: 0,
    // Stryker disable next-line ArrayDeclaration: a state that is none of the four acts as no case
    cases: [],
    test: false,
    dupTarget: false,
    array: false,
    wordStart: true,
    commandPosition: true,
    inWord: false,
    word: '',
    prev: '',
    heredocs: [],
    delimiter: null,
  };
}

/** The end of a word in a command frame: keywords that change what the next characters mean. */
export function endWord(f: CommandFrame): void {
  if (!f.inWord) return;
  const word = f.word;
  f.inWord = false;
  f.dupTarget = false;
  f.word = '';
  if (f.array) return; // the words of an array are data
  const lastCase = f.cases.length - 1;
  const state = f.cases[lastCase];
  if (f.test) {
    if (word === ']]') f.test = false;
  } else if (state === 'subject') {
    f.cases[lastCase] = 'in';
  } else if (state === 'in') {
    // The word after the subject: `in` (anything else is a syntax error in every shell).
    f.cases[lastCase] = 'pattern';
  } else if (state === 'pattern' && word === 'esac') {
    f.cases.pop();
    f.commandPosition = false;
  } else if (state === 'pattern') {
    // A pattern word; `)` ends the pattern.
  } else if (f.commandPosition && word !== null) {
    if (word === 'case') f.cases.push('subject');
    else if (word === 'esac' && state === 'body') f.cases.pop();
    else if (word === '[[') f.test = true;
    f.commandPosition = KEEPS_COMMAND_POSITION.has(word) || ASSIGNMENT.test(word);
  } else {
    f.commandPosition = false;
  }
}
