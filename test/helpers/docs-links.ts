/**
 * The relative links of a repository's Markdown (README.md, docs/**, README.md files under core/,
 * electron/ and renderer/), checked to resolve to a file inside the repository and, when they
 * name an anchor in a Markdown file, to one of its headings. Each broken link is explained in a
 * sentence naming file:line (docs/testing.md, "Rules").
 */
import fs from 'node:fs';
import path from 'node:path';

/** One broken link. */
export interface BrokenLink {
  readonly file: string;
  readonly line: number;
  readonly link: string;
  readonly sentence: string;
}

/** The Markdown files whose links are checked, relative to `root`, sorted. */
export function markdownFiles(root: string): string[] {
  const out: string[] = [];
  if (fs.existsSync(path.join(root, 'README.md'))) out.push('README.md');
  const walk = (rel: string, keep: (name: string) => boolean): void => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child, keep);
      else if (keep(entry.name)) out.push(child);
    }
  };
  walk('docs', (name) => name.endsWith('.md'));
  for (const dir of ['core', 'electron', 'renderer']) walk(dir, (name) => name === 'README.md');
  return out.sort();
}

/**
 * GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; a repeated
 * heading gets `-1`, `-2`, … in order.
 */
export function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const { raw } of lines(markdown)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
    if (!m?.[1]) continue;
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

/** Lines outside fenced code blocks: as written, and with inline code spans blanked out. */
function lines(markdown: string): { raw: string; text: string; line: number }[] {
  const out: { raw: string; text: string; line: number }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((raw, i) => {
    const open = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (open?.[1]) {
      const marker = open[1];
      if (fence === null) fence = marker[0]!.repeat(marker.length);
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (fence !== null) return;
    out.push({ raw, text: raw.replace(/(`+)[^`]*?\1/g, (s) => ' '.repeat(s.length)), line: i + 1 });
  });
  return out;
}

/** The link targets of one Markdown text: inline links, images and reference definitions. */
export function linksOf(markdown: string): { link: string; line: number }[] {
  const out: { link: string; line: number }[] = [];
  for (const { text, line } of lines(markdown)) {
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (m[1]) out.push({ link: m[1], line });
    }
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(text);
    if (def?.[1]) out.push({ link: def[1], line });
  }
  return out;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** Every broken relative link in the Markdown files of `root`. */
export function checkDocLinks(root: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const slugCache = new Map<string, Set<string>>();
  const slugsOf = (abs: string): Set<string> => {
    let s = slugCache.get(abs);
    if (!s) {
      s = headingSlugs(fs.readFileSync(abs, 'utf8'));
      slugCache.set(abs, s);
    }
    return s;
  };
  for (const file of markdownFiles(root)) {
    const fileAbs = path.join(root, file);
    for (const { link, line } of linksOf(fs.readFileSync(fileAbs, 'utf8'))) {
      if (EXTERNAL.test(link) || link.startsWith('//')) continue;
      const fail = (why: string): void => {
        broken.push({ file, line, link, sentence: `${file}:${line}: the link "${link}" ${why}` });
      };
      const hashAt = link.indexOf('#');
      const rawPath = hashAt < 0 ? link : link.slice(0, hashAt);
      const anchor = hashAt < 0 ? null : decodeURIComponent(link.slice(hashAt + 1));
      if (rawPath.startsWith('/')) {
        fail('is absolute; write it relative to the file');
        continue;
      }
      const targetAbs =
        rawPath === '' ? fileAbs : path.resolve(path.dirname(fileAbs), decodeURIComponent(rawPath));
      const targetRel = path.relative(root, targetAbs).split(path.sep).join('/');
      if (targetRel.startsWith('..') || path.isAbsolute(targetRel)) {
        fail('points outside the repository');
        continue;
      }
      if (!fs.existsSync(targetAbs)) {
        fail(`points to ${targetRel}, which does not exist`);
        continue;
      }
      if (anchor && targetAbs.endsWith('.md') && !slugsOf(targetAbs).has(anchor)) {
        fail(`points to the anchor #${anchor}, which no heading of ${targetRel} has`);
      }
    }
  }
  return broken;
}

/** A code span that names a file of this repository: `core/engine/ingest.ts`, `test/helpers/host.ts`. */
const REPO_PATH =
  /^(?:core|electron|renderer|resources|test|bin|docs)\/[\w./-]+\.(?:ts|tsx|mjs|cjs|js|json|md|css|html|yaml)$/;

/**
 * Every code span in the Markdown files of `root` that names a repository file (a path under
 * core/, test/, docs/ …) which does not exist: a doc that still names a moved file misleads
 * the next reader as much as a broken link does.
 */
export function checkDocPaths(root: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of markdownFiles(root)) {
    let fence = false;
    fs.readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        if (/^\s{0,3}(`{3,}|~{3,})/.test(raw)) fence = !fence;
        if (fence) return;
        for (const m of raw.matchAll(/`([^`\s]+)`/g)) {
          const named = m[1]!.replace(/:\d+(?:-\d+)?$/, '');
          if (!REPO_PATH.test(named) || fs.existsSync(path.join(root, named))) continue;
          broken.push({
            file,
            line: i + 1,
            link: named,
            sentence: `${file}:${i + 1}: names \`${named}\`, which does not exist`,
          });
        }
      });
  }
  return broken;
}
