/**
 * Recursive-descent parser for Attune expressions (docs/expressions.md, "The language"). Precedence, low to high:
 * `or`, `and`, `not`, comparisons (`== != < > <= >= in`, left-associative), `+ -`, `* / %`,
 * unary `-`, then postfix `.name`, `[index]` and calls. Only a bare built-in name can be
 * called; an unknown name, or a `match()` literal pattern that would be refused at run time,
 * is a syntax error here, so a rule with a typo is refused at save.
 */
import type { BinaryOperator, ExprNode } from './ast.ts';
import { KEYWORDS } from './ast.ts';
import { ExprSyntaxError } from './errors.ts';
import { isFunctionName } from './function-names.ts';
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from './limits.ts';
import { compilePattern } from './regex.ts';
import type { Punctuator, Token } from './tokenizer.ts';
import { describeToken, stringSourceOffset, tokenize } from './tokenizer.ts';

const COMPARISON: Partial<Record<Punctuator, BinaryOperator>> = {
  '==': '==',
  '!=': '!=',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};

/** Parses one expression; throws ExprSyntaxError with the offending position. */
export function parseExpression(source: string): ExprNode {
  if (typeof source !== 'string') {
    throw new ExprSyntaxError('Expression must be a string', '', 0);
  }
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExprSyntaxError(`Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, source, 0);
  }
  return new Parser(source, tokenize(source)).parse();
}

class Parser {
  readonly #source: string;
  readonly #tokens: Token[];
  #pos = 0;
  #depth = 0;

  constructor(source: string, tokens: Token[]) {
    this.#source = source;
    this.#tokens = tokens;
  }

  parse(): ExprNode {
    const node = this.#or();
    const next = this.#peek();
    if (next.kind !== 'eof') throw this.#unexpected(next);
    return node;
  }

  #peek(): Token {
    return this.#tokens[this.#pos]!;
  }

  #next(): Token {
    const token = this.#tokens[this.#pos]!;
    if (token.kind !== 'eof') this.#pos++;
    return token;
  }

  #isPunct(value: Punctuator): boolean {
    const t = this.#peek();
    return t.kind === 'punct' && t.value === value;
  }

  #isWord(word: string): boolean {
    const t = this.#peek();
    return t.kind === 'name' && t.value === word;
  }

  #expect(value: Punctuator): void {
    const t = this.#peek();
    if (t.kind === 'punct' && t.value === value) {
      this.#pos++;
      return;
    }
    throw this.#error(`Expected "${value}" but found ${describeToken(t)}`, t.start);
  }

  #error(reason: string, position: number): ExprSyntaxError {
    return new ExprSyntaxError(reason, this.#source, position);
  }

  #unexpected(token: Token): ExprSyntaxError {
    return this.#error(`Unexpected ${describeToken(token)}`, token.start);
  }

  /** Guards every recursive step that nesting can repeat without consuming much source. */
  #enter(at: number): void {
    if (++this.#depth > MAX_NESTING_DEPTH) {
      throw this.#error(`Expression is nested more than ${MAX_NESTING_DEPTH} levels deep`, at);
    }
  }

  #leave(): void {
    this.#depth--;
  }

  #or(): ExprNode {
    let left = this.#and();
    while (this.#isWord('or')) {
      this.#pos++;
      left = { type: 'binary', op: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): ExprNode {
    let left = this.#not();
    while (this.#isWord('and')) {
      this.#pos++;
      left = { type: 'binary', op: 'and', left, right: this.#not() };
    }
    return left;
  }

  #not(): ExprNode {
    if (!this.#isWord('not')) return this.#comparison();
    const at = this.#next().start;
    this.#enter(at);
    const operand = this.#not();
    this.#leave();
    return { type: 'unary', op: 'not', operand };
  }

  #comparison(): ExprNode {
    let left = this.#additive();
    for (;;) {
      const t = this.#peek();
      const op =
        t.kind === 'punct' ? COMPARISON[t.value] : t.kind === 'name' && t.value === 'in' ? 'in' : undefined;
      if (op === undefined) return left;
      this.#pos++;
      left = { type: 'binary', op, left, right: this.#additive() };
    }
  }

  #additive(): ExprNode {
    let left = this.#multiplicative();
    for (;;) {
      const t = this.#peek();
      if (t.kind !== 'punct' || (t.value !== '+' && t.value !== '-')) return left;
      this.#pos++;
      left = { type: 'binary', op: t.value, left, right: this.#multiplicative() };
    }
  }

  #multiplicative(): ExprNode {
    let left = this.#unary();
    for (;;) {
      const t = this.#peek();
      if (t.kind !== 'punct' || (t.value !== '*' && t.value !== '/' && t.value !== '%')) return left;
      this.#pos++;
      left = { type: 'binary', op: t.value, left, right: this.#unary() };
    }
  }

  #unary(): ExprNode {
    if (!this.#isPunct('-')) return this.#postfix();
    const at = this.#next().start;
    this.#enter(at);
    const operand = this.#unary();
    this.#leave();
    return { type: 'unary', op: '-', operand };
  }

  #postfix(): ExprNode {
    let node = this.#primary();
    for (;;) {
      if (this.#isPunct('.')) {
        this.#pos++;
        const name = this.#next();
        // Keywords are fine after a dot: payloads have keys such as `in` or `not`.
        if (name.kind !== 'name') {
          throw this.#error(`Expected a member name after "." but found ${describeToken(name)}`, name.start);
        }
        node = { type: 'member', object: node, name: name.value };
      } else if (this.#isPunct('[')) {
        const at = this.#next().start;
        this.#enter(at);
        const index = this.#or();
        this.#expect(']');
        this.#leave();
        node = { type: 'index', object: node, index };
      } else if (this.#isPunct('(')) {
        throw this.#error('Only built-in functions can be called', this.#peek().start);
      } else {
        return node;
      }
    }
  }

  #primary(): ExprNode {
    const t = this.#next();
    switch (t.kind) {
      case 'number':
      case 'string':
        return { type: 'literal', value: t.value };
      case 'name':
        return this.#name(t);
      case 'punct':
        if (t.value === '(') {
          this.#enter(t.start);
          const inner = this.#or();
          this.#expect(')');
          this.#leave();
          return inner;
        }
        if (t.value === '[') return this.#array(t.start);
        throw this.#unexpected(t);
      case 'eof':
        throw this.#unexpected(t);
    }
  }

  #name(t: Token & { kind: 'name' }): ExprNode {
    switch (t.value) {
      case 'true':
        return { type: 'literal', value: true };
      case 'false':
        return { type: 'literal', value: false };
      case 'null':
        return { type: 'literal', value: null };
    }
    if (KEYWORDS.has(t.value)) throw this.#unexpected(t);
    if (!this.#isPunct('(')) return { type: 'variable', name: t.value };
    if (!isFunctionName(t.value)) throw this.#error(`Unknown function "${t.value}"`, t.start);
    this.#enter(t.start);
    this.#pos++;
    const args: ExprNode[] = [];
    const starts: number[] = [];
    if (!this.#isPunct(')')) {
      for (;;) {
        starts.push(this.#peek().start);
        args.push(this.#or());
        if (!this.#isPunct(',')) break;
        this.#pos++;
      }
    }
    this.#expect(')');
    this.#leave();
    if (t.value === 'match' && args[0] !== undefined) this.#checkLiteralPattern(args[0], starts[0]!);
    return { type: 'call', name: t.value, args };
  }

  /** `[a, b]`; a trailing comma is allowed, as in Attune. */
  #array(at: number): ExprNode {
    this.#enter(at);
    const elements: ExprNode[] = [];
    while (!this.#isPunct(']')) {
      elements.push(this.#or());
      if (!this.#isPunct(',')) break;
      this.#pos++;
    }
    this.#expect(']');
    this.#leave();
    return { type: 'array', elements };
  }

  /**
   * A literal pattern is compiled now, so a pattern the regex engine refuses (a lookahead, a
   * backreference) is an error at save pointing at the offending character, not at run time.
   */
  #checkLiteralPattern(pattern: ExprNode, at: number): void {
    if (pattern.type !== 'literal' || typeof pattern.value !== 'string') return;
    const result = compilePattern(pattern.value);
    if (result.ok) return;
    const quoted = this.#source[at] === '"' || this.#source[at] === "'";
    const position =
      result.offset !== undefined && quoted ? stringSourceOffset(this.#source, at, result.offset) : at;
    throw this.#error(`Invalid match() pattern: ${result.reason}`, position);
  }
}
