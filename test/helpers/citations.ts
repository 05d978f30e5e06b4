/**
 * Citations a person who clones the repository could not follow: sections of the design notes
 * kept outside it, tracker issue numbers, and docs/ pages that do not exist. Comments and tests
 * cite docs/ instead (docs/testing.md, "Rules"). The patterns are assembled from pieces so that
 * this file does not cite anything itself.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One citation that points outside the repository, explained in a sentence. */
export interface OutsideCitation {
  readonly file: string;
  readonly line: number;
  readonly sentence: string;
}

const SECTION = 'SP' + 'EC §';
const ISSUE = 'iss' + 'ue [0-9]';
const NOTES = ['SP' + 'EC', 'ARCHI' + 'TECTURE', 'ST' + 'YLE'].join('|');

/** What counts as a citation of something outside the repository, with the reason for each. */
const PATTERNS: readonly { re: RegExp; why: string }[] = [
  { re: new RegExp(SECTION), why: 'cites a section of a specification that is not in the repository' },
  { re: new RegExp(`\\b${ISSUE}`), why: 'cites an issue number' },
  {
    re: new RegExp(`\\b(?:${NOTES})(?:\\.md)?\\s+"`),
    why: 'cites a design note that is not in the repository',
  },
  { re: new RegExp(`shared/(?:${NOTES})\\.md`), why: 'links a design note outside the repository' },
];

const DOCS_CITATION = /\bdocs\/[\w./-]+\.md\b/g;
const EXTENSIONS = [
  '.ts',
  '.tsx',
  '.js',
  '.mjs',
  '.cjs',
  '.md',
  '.yaml',
  '.yml',
  '.json',
  '.sql',
  '.css',
  '.html',
];

function* files(root: string, rel: string, skip: readonly string[]): Generator<string> {
  if (skip.includes(rel)) return;
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return;
  if (fs.statSync(abs).isFile()) {
    if (EXTENSIONS.some((e) => rel.endsWith(e))) yield rel;
    return;
  }
  for (const name of fs.readdirSync(abs).sort()) {
    if (name === 'node_modules') continue;
    yield* files(root, `${rel}/${name}`, skip);
  }
}

/**
 * Every citation under `dirs` (relative to `root`, paths in `skip` left out) that a reader of the
 * repository cannot follow: a pattern above, or a docs/ page that does not exist.
 */
export function findOutsideCitations(
  root: string,
  dirs: readonly string[],
  skip: readonly string[] = [],
): OutsideCitation[] {
  const found: OutsideCitation[] = [];
  for (const dir of dirs) {
    for (const file of files(root, dir, skip)) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      text.split('\n').forEach((content, i) => {
        const where = `${file}:${i + 1}`;
        for (const { re, why } of PATTERNS) {
          if (re.test(content))
            found.push({ file, line: i + 1, sentence: `${where} ${why}: ${content.trim()}` });
        }
        for (const m of content.matchAll(DOCS_CITATION)) {
          if (!fs.existsSync(path.join(root, m[0]))) {
            found.push({ file, line: i + 1, sentence: `${where} cites ${m[0]}, which does not exist` });
          }
        }
      });
    }
  }
  return found;
}
