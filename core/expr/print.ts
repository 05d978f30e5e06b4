/**
 * Prints an AST back to source with the fewest parentheses precedence allows (docs/expressions.md, "The language"), so
 * `parseExpression(printExpression(node))` gives `node` again. Useful wherever expressions are
 * generated, such as converting imported StackStorm criteria.
 */
import type { ExprNode, LiteralValue } from './ast.ts';
import { binaryPrecedence, PRECEDENCE } from './ast.ts';

/** Above every operator: literals, names, arrays and parenthesised text. */
const ATOM = PRECEDENCE.postfix + 1;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A double-quoted literal that the tokenizer reads back to exactly `value`. */
export function printString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const c = value.charCodeAt(i);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    // U+2028/2029 too: a YAML 1.1 reader (StackStorm's) takes them for line breaks in an export.
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || isLoneSurrogate(value, i))
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function isLoneSurrogate(value: string, i: number): boolean {
  const c = value.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = value.charCodeAt(i + 1);
    return !(d >= 0xdc00 && d <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const b = value.charCodeAt(i - 1);
    return !(b >= 0xd800 && b <= 0xdbff);
  }
  return false;
}

function printLiteral(value: LiteralValue): string {
  if (typeof value === 'string') return printString(value);
  return String(value);
}

/** Source text of `node`; member names that are not identifiers print as `["…"]`. */
export function printExpression(node: ExprNode): string {
  return print(node, 0);
}

function print(node: ExprNode, min: number): string {
  const [text, precedence] = render(node);
  return precedence < min ? `(${text})` : text;
}

function render(node: ExprNode): [string, number] {
  switch (node.type) {
    case 'literal':
      return [printLiteral(node.value), ATOM];
    case 'array':
      return [`[${node.elements.map((e) => print(e, 0)).join(', ')}]`, ATOM];
    case 'variable':
      return [node.name, ATOM];
    case 'member': {
      const object = print(node.object, PRECEDENCE.postfix);
      const access = NAME.test(node.name) ? `.${node.name}` : `[${printString(node.name)}]`;
      return [object + access, PRECEDENCE.postfix];
    }
    case 'index':
      return [`${print(node.object, PRECEDENCE.postfix)}[${print(node.index, 0)}]`, PRECEDENCE.postfix];
    case 'call':
      return [`${node.name}(${node.args.map((a) => print(a, 0)).join(', ')})`, PRECEDENCE.postfix];
    case 'unary':
      return node.op === 'not'
        ? [`not ${print(node.operand, PRECEDENCE.not)}`, PRECEDENCE.not]
        : [`-${print(node.operand, PRECEDENCE.negate)}`, PRECEDENCE.negate];
    case 'binary': {
      // Left-associative: the right operand needs strictly higher precedence.
      const p = binaryPrecedence(node.op);
      return [`${print(node.left, p)} ${node.op} ${print(node.right, p + 1)}`, p];
    }
  }
}
