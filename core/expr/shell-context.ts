/**
 * Where each `{{ }}` placeholder of a shell command sits (docs/expressions.md, "Shell
 * commands"). A small lexer reads the author's text around the placeholders — the placeholders
 * themselves are opaque — and tracks what a POSIX shell and bash would: quotes, `$(…)` (a fresh
 * command context, also inside "…"), backquotes, comments, here-documents, `${…}`, arithmetic
 * and `[[ … ]]`. Each placeholder gets the context it is in; the ones where no quoting keeps a
 * value data are refused with the reason.
 */

import {
  type CommandFrame,
  commandFrame,
  type DelimiterReader,
  endWord,
  type Frame,
  type Heredoc,
  METACHARACTERS,
  REFUSED_IN,
} from './shell-frames.ts';

/** A placeholder's shell context: how its value is written, or why it cannot be. */
export type ShellSpot =
  | { readonly kind: 'unquoted' | 'double' | 'single' }
  | { readonly kind: 'refused'; readonly reason: string };

function refused(where: string): ShellSpot {
  return {
    kind: 'refused',
    reason: `a placeholder ${where} cannot be made safe (move it out, or use raw() if the value is trusted)`,
  };
}

/** Characters that are a syntax error inside a bash array assignment. */
const OPERATORS = new Set([';', '&', '|', '<', '>', '(']);

class ShellLexer {
  private readonly stack: Frame[] = [commandFrame(false)];
  /** The next character is escaped by a backslash. */
  private escape = false;
  /** The text so far ends with a `$` that would combine with what follows (reset by a placeholder). */
  private dollarLast = false;
  /** Set once bash and sh would read the text so far differently. */
  private lost: string | null = null;

  private get top(): Frame {
    return this.stack[this.stack.length - 1] as Frame;
  }

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) i = this.step(text, i);
  }

  /** The context of a placeholder at this point; the lexer then counts it as part of a word. */
  placeholder(): ShellSpot {
    const spot = this.spot();
    const top = this.top;
    if (top.kind === 'command') {
      if (top.delimiter !== null) this.lost = 'after a here-document delimiter made from a placeholder';
      // The value is word text: a `&` or `|` right after it ends the command, as after `a`.
      // Stryker disable next-line StringLiteral: any text but < or > is the same here
      top.prev = '';
      this.piece(top);
    } else if (top.kind === 'heredoc') {
      top.dirty = true;
    }
    this.escape = false;
    this.dollarLast = false;
    return spot;
  }

  private spot(): ShellSpot {
    if (this.lost !== null) return refused(this.lost);
    const top = this.top;
    if (top.kind === 'command' && top.delimiter !== null) return refused('in a here-document delimiter');
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i] as Frame;
      const where = REFUSED_IN[frame.kind];
      if (where !== undefined) return refused(where);
      if (frame.kind === 'command' && frame.test) {
        return refused('inside [[ … ]] (bash may evaluate it as arithmetic; use [ … ])');
      }
      if (frame.kind === 'command' && frame.dupTarget) {
        return refused('in the word after >& or <& (bash expands it again when it is not a number)');
      }
    }
    // A backslash would escape the value's first character (its opening quote, or the
    // backslash escaping a `$`); a `$` would join it: `$'…'` is bash's ANSI-C string, "$(…" a command.
    if (this.escape) return refused('right after a backslash');
    if (this.dollarLast) return refused('right after $');
    if (top.kind === 'double' || top.kind === 'single') return { kind: top.kind };
    return { kind: 'unquoted' };
  }

  /** Consumes text[i] (and any characters it looks ahead at); returns the last index consumed. */
  private step(text: string, i: number): number {
    const ch = text.charAt(i);
    const top = this.top;
    if (this.escape) {
      this.escape = false;
      if (top.kind === 'command') {
        // A backslash before a newline was read as a line continuation, so ch is not a newline.
        if (top.delimiter !== null) top.delimiter.text += ch;
        else this.piece(top);
      }
      return i;
    }
    switch (top.kind) {
      case 'command':
        return top.delimiter !== null
          ? this.delimiterChar(top, top.delimiter, text, i)
          : this.commandChar(top, text, i);
      case 'single':
        if (ch === "'") this.stack.pop();
        return i;
      case 'double':
        if (ch === '\\') this.escape = true;
        else if (ch === '"') this.stack.pop();
        else if (ch === '`') this.stack.push({ kind: 'backquote' });
        else if (ch === '$') return this.dollar(text, i, true);
        return i;
      case 'ansi':
        if (ch === '\\') {
          // bash ends $'a\'b' at the last quote; sh reads $ and 'a\' and goes on unquoted.
          if (text.charAt(i + 1) === "'")
            this.lost = "after a $'…' string with \\' (bash and sh end it differently)";
          // A backslash ending the text escapes nothing: a placeholder in $'…' is refused anyway.
          return i + 1;
        }
        if (ch === "'") this.stack.pop();
        return i;
      case 'backquote':
        if (ch === '\\') this.escape = true;
        else if (ch === '`') this.stack.pop();
        return i;
      case 'comment':
        if (ch !== '\n') return i;
        this.stack.pop();
        return this.step(text, i);
      case 'param':
        if (ch === '}') this.stack.pop();
        else if (ch === "'" && top.inDouble) {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, on purpose
          this.lost = 'after a quote inside "${…}" (bash and sh read it differently)';
        } else return this.nested(text, i, top.inDouble);
        return i;
      case 'arith':
      case 'bracket': {
        const [open, close] = top.kind === 'arith' ? ['(', ')'] : ['[', ']'];
        if (ch === open) top.depth++;
        else if (ch === close) {
          top.depth--;
          if (top.depth === 0) this.stack.pop();
        } else return this.nested(text, i, false);
        return i;
      }
      case 'heredoc':
        return this.heredocChar(top, ch, i);
    }
  }

  /** Quotes, escapes and expansions inside `${…}`, `$((…))` and `$[…]`. */
  private nested(text: string, i: number, inDouble: boolean): number {
    const ch = text.charAt(i);
    if (ch === '\\') this.escape = true;
    else if (ch === "'") this.stack.push({ kind: 'single' });
    else if (ch === '"') this.stack.push({ kind: 'double' });
    else if (ch === '`') this.stack.push({ kind: 'backquote' });
    else if (ch === '$') return this.dollar(text, i, inDouble);
    return i;
  }

  /** `$` and what it starts: `$(`, `$((`, `${`, `$[`, `$'`, or a plain parameter (`$"…"` is `$` and "…"). */
  private dollar(text: string, i: number, inDouble: boolean): number {
    const next = text.charAt(i + 1);
    if (next === '') {
      this.dollarLast = true;
      return i;
    }
    if (next === '(') {
      if (text.charAt(i + 2) === '(') {
        this.stack.push({ kind: 'arith', depth: 2 });
        return i + 2;
      }
      this.stack.push(commandFrame(true));
      return i + 1;
    }
    if (next === '{') {
      this.stack.push({ kind: 'param', inDouble });
      return i + 1;
    }
    if (next === '[') {
      this.stack.push({ kind: 'bracket', depth: 1 });
      return i + 1;
    }
    if (!inDouble && next === "'") {
      this.stack.push({ kind: 'ansi' });
      return i + 1;
    }
    return i;
  }

  /** A part of a word that is not plain text: a quote, an expansion, an escape, a placeholder. */
  private piece(frame: CommandFrame): void {
    frame.inWord = true;
    frame.word = null;
    frame.wordStart = false;
  }

  private commandChar(f: CommandFrame, text: string, i: number): number {
    const ch = text.charAt(i);
    const prev = f.prev;
    f.prev = ch;
    if (ch === ' ' || ch === '\t') {
      endWord(f);
      f.wordStart = true;
      return i;
    }
    if (ch === '\n') {
      endWord(f);
      f.wordStart = true;
      f.commandPosition = true;
      if (f.heredocs.length > 0)
        this.stack.push({ kind: 'heredoc', docs: f.heredocs.splice(0), line: '', dirty: false });
      return i;
    }
    if (f.array && (ch === ')' || OPERATORS.has(ch))) {
      endWord(f);
      f.wordStart = true;
      if (ch === ')') {
        f.array = false;
        f.commandPosition = true;
      }
      // bash reports the error and reads on at the next line, which may be inside a value.
      else this.lost ??= 'after an operator inside a bash array (bash skips the rest of that line)';
      return i;
    }
    if (ch === ';' || ch === '&' || ch === '|') {
      endWord(f);
      f.wordStart = true;
      // `>&2` and `>|` are redirections, not the end of a command.
      if (prev !== '<' && prev !== '>') f.commandPosition = true;
      else if (ch === '&') f.dupTarget = true;
      if (ch === ';' && (text.charAt(i + 1) === ';' || text.charAt(i + 1) === '&')) {
        if (f.cases.at(-1) === 'body') f.cases[f.cases.length - 1] = 'pattern';
        return i + 1;
      }
      return i;
    }
    if (ch === '(') {
      endWord(f);
      f.wordStart = true;
      if (f.cases.at(-1) === 'pattern') return i;
      if (prev === '=') {
        f.array = true;
        return i;
      }
      if (f.commandPosition && text.charAt(i + 1) === '(') {
        this.stack.push({ kind: 'arith', depth: 2 });
        f.commandPosition = false;
        return i + 1;
      }
      f.parens++;
      f.commandPosition = true;
      return i;
    }
    if (ch === ')') {
      endWord(f);
      f.wordStart = true;
      if (f.cases.at(-1) === 'pattern') {
        f.cases[f.cases.length - 1] = 'body';
        f.commandPosition = true;
      } else if (f.parens > 0) {
        f.parens--;
      } else if (f.sub) {
        this.stack.pop();
      }
      return i;
    }
    if (ch === '<' || ch === '>') {
      endWord(f);
      f.wordStart = true;
      if (ch === '<' && text.charAt(i + 1) === '<') {
        if (text.charAt(i + 2) === '<') return i + 2; // a here-string: an ordinary word follows
        const stripTabs = text.charAt(i + 2) === '-';
        f.delimiter = { text: '', started: false, quote: null, stripTabs };
        return stripTabs ? i + 2 : i + 1;
      }
      return i;
    }
    if (ch === '#' && f.wordStart) {
      this.stack.push({ kind: 'comment' });
      return i;
    }
    if (ch === '\\') {
      // A line continuation vanishes: it neither ends nor starts a word.
      if (text.charAt(i + 1) === '\n') return i + 1;
      this.escape = true;
    } else if (ch === "'") this.stack.push({ kind: 'single' });
    else if (ch === '"') this.stack.push({ kind: 'double' });
    else if (ch === '`') this.stack.push({ kind: 'backquote' });
    else if (ch === '$') {
      this.piece(f);
      return this.dollar(text, i, false);
    } else {
      f.inWord = true;
      f.wordStart = false;
      if (f.word !== null) f.word += ch;
      return i;
    }
    this.piece(f);
    return i;
  }

  private delimiterChar(f: CommandFrame, d: DelimiterReader, text: string, i: number): number {
    const ch = text.charAt(i);
    if (d.quote === "'") {
      if (ch === "'") d.quote = null;
      else d.text += ch;
      return i;
    }
    if (d.quote === '"') {
      if (ch === '"') d.quote = null;
      else if (ch === '\\') this.escape = true;
      else d.text += ch;
      return i;
    }
    if (!d.started && (ch === ' ' || ch === '\t')) return i;
    if (METACHARACTERS.has(ch)) {
      f.heredocs.push({ delimiter: d.text, stripTabs: d.stripTabs });
      f.delimiter = null;
      // The delimiter is a word: a `&` or `|` after it ends the command, not a `<&` or `<|`.
      // Stryker disable next-line StringLiteral: any text but < or > is the same here
      f.prev = '';
      return this.commandChar(f, text, i);
    }
    d.started = true;
    if (ch === "'" || ch === '"') d.quote = ch;
    else if (ch === '\\') this.escape = true;
    else d.text += ch;
    return i;
  }

  private heredocChar(h: Extract<Frame, { kind: 'heredoc' }>, ch: string, i: number): number {
    if (ch !== '\n') {
      h.line += ch;
      return i;
    }
    const doc = h.docs[0] as Heredoc;
    const line = doc.stripTabs ? h.line.replace(/^\t+/, '') : h.line;
    if (!h.dirty && line === doc.delimiter) {
      h.docs.shift();
      if (h.docs.length === 0) this.stack.pop();
    }
    h.line = '';
    h.dirty = false;
    return i;
  }
}

/**
 * The shell context of each placeholder in a template, given the literal texts between them:
 * `texts[0]`, placeholder 0, `texts[1]`, …, placeholder n-1, `texts[n]`.
 */
export function placeholderSpots(texts: readonly string[]): ShellSpot[] {
  const lexer = new ShellLexer();
  const spots: ShellSpot[] = [];
  texts.forEach((text, i) => {
    lexer.feed(text);
    if (i < texts.length - 1) spots.push(lexer.placeholder());
  });
  return spots;
}
