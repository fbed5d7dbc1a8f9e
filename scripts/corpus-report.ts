/**
 * How the runbook parser judges a corpus of Markdown runbooks nobody here wrote (docs/RUNBOOK-CORPUS.md).
 *
 *   node --import tsx scripts/corpus-report.ts [options] <dir-or-git-dir>...
 *
 * Each argument is a folder of Markdown files or a bare git directory (its HEAD is read, nothing is
 * checked out). Every `*.md` / `*.markdown` file is parsed with the project's own parser
 * (`parseRunbook`) and every code block gets one verdict: `read`, `sensitive`, `change` (the worst
 * risk of its steps), `not-a-step` (documentation: sample output, data, a query…) or
 * `other-language` (a fence tagged `yaml`, `json`…, never a step).
 *
 * Options:
 *   --json                  print only the JSON summary
 *   --sample N --seed S     pick N shell/untagged blocks at random (seeded) for hand labelling
 *   --sample-out FILE       write that sample, with each block's full text, to FILE (JSON)
 *   --labels FILE           compare hand labels (docs/corpus/sample-labels.json) with today's verdicts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Code, Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { CommandStep, Finding, Runbook, Step } from '../src/runbook/model.ts';
import { isShellBlock } from '../src/runbook/parse/extract-steps.ts';
import { parseRunbook } from '../src/runbook/parse/parse-runbook.ts';

// ---------------------------------------------------------------------------------------------
// Reading the corpus (the only part that touches files and git)

export interface CorpusFile {
  repo: string;
  commit: string | null;
  path: string;
  text: string;
}

const isMarkdown = (name: string) => /\.(md|markdown)$/i.test(name);
const isBareGitDir = (dir: string) =>
  existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects')) && !existsSync(join(dir, '.git'));

/** `/work/.mirror/owner+name/repo` -> `owner/name`; otherwise the folder's name. */
function repoName(dir: string): string {
  const mirror = /([^/]+)\+([^/]+)\/repo\/?$/.exec(dir);
  if (mirror) return `${mirror[1]}/${mirror[2]}`;
  return basename(dir.replace(/\/(?:\.git|repo)\/?$/, '')) || dir;
}

function git(args: string[], input?: string): Buffer {
  return execFileSync('git', args, { input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Every Markdown file at HEAD of a bare git directory, read in one `git cat-file --batch`. */
function readGitDir(dir: string): CorpusFile[] {
  const commit = git(['--git-dir', dir, 'rev-parse', 'HEAD']).toString().trim();
  const paths = git(['--git-dir', dir, 'ls-tree', '-r', '--name-only', '-z', 'HEAD'])
    .toString()
    .split('\0')
    .filter((path) => path !== '' && isMarkdown(path))
    .sort();
  const batch = git(['--git-dir', dir, 'cat-file', '--batch'], paths.map((p) => `HEAD:${p}\n`).join(''));
  const files: CorpusFile[] = [];
  let offset = 0;
  for (const path of paths) {
    const headerEnd = batch.indexOf(10, offset);
    const header = batch.subarray(offset, headerEnd).toString();
    const size = Number(header.split(' ')[2]);
    offset = headerEnd + 1;
    if (header.endsWith('missing') || Number.isNaN(size)) continue;
    files.push({ repo: repoName(dir), commit, path, text: batch.subarray(offset, offset + size).toString() });
    offset += size + 1;
  }
  return files;
}

function readFolder(dir: string): CorpusFile[] {
  let commit: string | null = null;
  try {
    commit = git(['-C', dir, 'rev-parse', 'HEAD']).toString().trim();
  } catch {
    commit = null;
  }
  const files: CorpusFile[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      if (name === '.git' || name === 'node_modules') continue;
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (isMarkdown(name))
        files.push({
          repo: repoName(dir),
          commit,
          path: relative(dir, full),
          text: readFileSync(full, 'utf8'),
        });
    }
  };
  walk(dir);
  return files;
}

function readCorpus(arg: string): CorpusFile[] {
  const dir = resolve(arg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`${arg}: not a folder or a git directory`);
  }
  return isBareGitDir(dir) ? readGitDir(dir) : readFolder(dir);
}

// ---------------------------------------------------------------------------------------------
// Judging each code block (pure)

export type Verdict = 'read' | 'sensitive' | 'change' | 'not-a-step' | 'other-language';

export interface BlockJudgement {
  repo: string;
  path: string;
  /** 1-based line of the opening fence (of the first line for an indented block). */
  line: number;
  lang: string | null;
  fenced: boolean;
  text: string;
  verdict: Verdict;
  /** For `not-a-step`: why (the lint note's words); for change: the deciding step's reason. */
  why: string;
  steps: CommandStep[];
}

export interface FileJudgement {
  file: CorpusFile;
  runbook: Runbook | null;
  error: string | null;
  blocks: BlockJudgement[];
  steps: Step[];
}

function codeBlocks(nodes: Nodes[], out: Code[] = []): Code[] {
  for (const node of nodes) {
    if (node.type === 'code') out.push(node);
    else if ('children' in node) codeBlocks(node.children as Nodes[], out);
  }
  return out;
}

/** Each step once (sections list their sub-sections' steps too), in document order. */
function uniqueSteps(runbook: Runbook): Step[] {
  const seen = new Set<Step>();
  for (const section of runbook.sections) for (const step of section.steps) seen.add(step);
  return [...seen].sort((a, b) => a.line - b.line);
}

const RANK: Record<CommandStep['risk'], number> = { read: 0, sensitive: 1, change: 2 };

function notAStepReason(findings: Finding[], inside: (line: number) => boolean): string {
  const note = findings.find(
    (finding) => inside(finding.line) && /not a step|sample output/.test(finding.message),
  );
  if (!note) return 'no command (empty, comments only, or a template)';
  const kind = /read as ([^,]+), not as commands/.exec(note.message);
  if (kind) return `documentation: ${kind[1]}`;
  return 'sample output after an expectation label';
}

export function judgeFile(file: CorpusFile): FileJudgement {
  let runbook: Runbook;
  try {
    runbook = parseRunbook(file.text, file.path);
  } catch (error) {
    return { file, runbook: null, error: String(error), blocks: [], steps: [] };
  }
  const steps = uniqueSteps(runbook);
  const text = file.text.replace(/^\uFEFF/, '');
  const blocks = codeBlocks(fromMarkdown(text).children as Nodes[]).map((code): BlockJudgement => {
    const start = code.position?.start.line ?? 1;
    const end = code.position?.end.line ?? start;
    const opening = text.slice(code.position?.start.offset ?? 0).trimStart();
    const fenced = opening.startsWith('```') || opening.startsWith('~~~');
    const inside = (line: number) => line >= start && line <= end;
    const mine = steps.filter((step) => inside(step.line));
    const commands = mine.filter((step): step is CommandStep => step.kind === 'command');
    const base = {
      repo: file.repo,
      path: file.path,
      line: start,
      lang: code.lang ?? null,
      fenced,
      text: code.value,
    };
    if (!isShellBlock(code.lang))
      return { ...base, verdict: 'other-language', why: `tagged ${code.lang}`, steps: [] };
    if (commands.length === 0) {
      if (mine.length > 0) return { ...base, verdict: 'read', why: 'wait', steps: [] };
      return {
        ...base,
        verdict: 'not-a-step',
        why: notAStepReason(runbook.findings ?? [], inside),
        steps: [],
      };
    }
    const worst = commands.reduce((a, b) => (RANK[b.risk] > RANK[a.risk] ? b : a));
    return { ...base, verdict: worst.risk, why: worst.riskReason, steps: commands };
  });
  return { file, runbook, error: null, blocks, steps };
}

// ---------------------------------------------------------------------------------------------
// Counting

/** `unrecognised: foo bar` stays as is; `oc $(…) (an unquoted expansion…)` -> `oc $(…)`. */
export function reasonGroup(reason: string): string {
  const withoutNote = reason.replace(/\s+\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$/, '');
  const collapsed = withoutNote.replace(/\$\((?:[^()]|\([^()]*\))*\)/g, '$(…)');
  return collapsed.length > 60 ? `${collapsed.slice(0, 57)}…` : collapsed;
}

function countBy<T>(items: T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function summarise(judged: FileJudgement[]) {
  const blocks = judged.flatMap((file) => file.blocks);
  const steps = judged.flatMap((file) => file.steps);
  const commands = steps.filter((step): step is CommandStep => step.kind === 'command');
  const changes = commands.filter((step) => step.risk === 'change');
  const candidates = blocks.filter((block) => block.verdict !== 'other-language');
  const byVerdict = Object.fromEntries(countBy(blocks, (block) => block.verdict));
  const repos = [...new Map(judged.map((f) => [f.file.repo, f.file.commit])).entries()].map(
    ([repo, commit]) => ({ repo, commit, files: judged.filter((f) => f.file.repo === repo).length }),
  );
  return {
    repos,
    files: judged.length,
    filesFailed: judged.filter((file) => file.error !== null).map((f) => `${f.file.repo}:${f.file.path}`),
    filesWithSteps: judged.filter((file) => file.steps.length > 0).length,
    codeBlocks: blocks.length,
    fencedBlocks: blocks.filter((block) => block.fenced).length,
    shellOrUntaggedBlocks: candidates.length,
    blocks: {
      read: byVerdict.read ?? 0,
      sensitive: byVerdict.sensitive ?? 0,
      change: byVerdict.change ?? 0,
      notAStep: byVerdict['not-a-step'] ?? 0,
      otherLanguage: byVerdict['other-language'] ?? 0,
    },
    notAStepReasons: Object.fromEntries(
      countBy(
        blocks.filter((block) => block.verdict === 'not-a-step'),
        (block) => block.why,
      ),
    ),
    steps: commands.length,
    waitSteps: steps.length - commands.length,
    stepRisk: Object.fromEntries(countBy(commands, (step) => step.risk)),
    changeUnrecognised: changes.filter((step) => !step.riskRecognised).length,
    stepsWithParams: commands.filter((step) => step.params !== undefined).length,
    stepsParamsRefused: commands.filter((step) => step.paramsRefused !== undefined).length,
    topChangeReasons: countBy(changes, (step) => reasonGroup(step.riskReason))
      .slice(0, 20)
      .map(([why, n]) => {
        const example = changes.find((step) => reasonGroup(step.riskReason) === why)?.command ?? '';
        return [why, n, oneLine(example)] as const;
      }),
  };
}

export type CorpusSummary = ReturnType<typeof summarise>;

/** At most one line of at most 80 characters: what the report quotes of a corpus command. */
export const oneLine = (text: string) => {
  const first = text.split('\n')[0] ?? '';
  return first.length > 80 ? `${first.slice(0, 77)}…` : first;
};

const pct = (part: number, whole: number) => (whole === 0 ? '0 %' : `${((100 * part) / whole).toFixed(1)} %`);

const code = (text: string) => `\`${text.replaceAll('|', '\\|').replaceAll('`', "'")}\``;

export function summaryMarkdown(summary: CorpusSummary): string {
  const s = summary;
  const risk = (name: string) => (s.stepRisk as Record<string, number>)[name] ?? 0;
  const c = s.shellOrUntaggedBlocks;
  const lines = [
    '| Corpus | Commit | Markdown files |',
    '| --- | --- | ---: |',
    ...s.repos.map((r) => `| ${r.repo} | ${r.commit?.slice(0, 12) ?? '(no git)'} | ${r.files} |`),
    '',
    '| Measure | Count | Share |',
    '| --- | ---: | ---: |',
    `| Markdown files (parse failures: ${s.filesFailed.length}) | ${s.files} | |`,
    `| Files with at least one step | ${s.filesWithSteps} | ${pct(s.filesWithSteps, s.files)} |`,
    `| Code blocks (fenced: ${s.fencedBlocks}) | ${s.codeBlocks} | |`,
    `| Blocks tagged with another language (yaml, json…): never steps | ${s.blocks.otherLanguage} | |`,
    `| Shell or untagged blocks | ${c} | 100 % |`,
    `| … judged read | ${s.blocks.read} | ${pct(s.blocks.read, c)} |`,
    `| … judged sensitive | ${s.blocks.sensitive} | ${pct(s.blocks.sensitive, c)} |`,
    `| … judged change | ${s.blocks.change} | ${pct(s.blocks.change, c)} |`,
    `| … judged not a step (output, data, query) | ${s.blocks.notAStep} | ${pct(s.blocks.notAStep, c)} |`,
    `| Command steps | ${s.steps} | 100 % |`,
    `| … read | ${risk('read')} | ${pct(risk('read'), s.steps)} |`,
    `| … sensitive | ${risk('sensitive')} | ${pct(risk('sensitive'), s.steps)} |`,
    `| … change | ${risk('change')} | ${pct(risk('change'), s.steps)} |`,
    `| … change only because no rule knew the command | ${s.changeUnrecognised} | ${pct(s.changeUnrecognised, s.steps)} |`,
    `| … with parameters (\`params\`) | ${s.stepsWithParams} | ${pct(s.stepsWithParams, s.steps)} |`,
    `| … whose parameters cannot be given safely | ${s.stepsParamsRefused} | ${pct(s.stepsParamsRefused, s.steps)} |`,
    `| Wait steps (\`sleep N\`) | ${s.waitSteps} | |`,
    '',
    '| Not a step, because | Blocks |',
    '| --- | ---: |',
    ...Object.entries(s.notAStepReasons).map(([why, n]) => `| ${why} | ${n} |`),
    '',
    '| Top reasons for `change` | Steps | First example |',
    '| --- | ---: | --- |',
    ...s.topChangeReasons.map(([why, n, example]) => `| ${code(why)} | ${n} | ${code(example)} |`),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The hand-labelled sample

/** mulberry32: a small seeded generator, so the same seed picks the same sample. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickSample(blocks: BlockJudgement[], size: number, seed: number): BlockJudgement[] {
  const pool = blocks
    .filter((block) => block.verdict !== 'other-language')
    .sort((a, b) => a.repo.localeCompare(b.repo) || a.path.localeCompare(b.path) || a.line - b.line);
  const random = seededRandom(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as BlockJudgement, pool[i] as BlockJudgement];
  }
  return pool.slice(0, size);
}

export type HandLabel = 'read' | 'change' | 'not-a-step';

export interface LabelledBlock {
  repo: string;
  path: string;
  line: number;
  label: HandLabel;
  tool: Verdict;
  command: string;
  note?: string;
}

/** The tool's class for the confusion matrix: `sensitive` is a read that may print secrets. */
const toolClass = (verdict: Verdict): HandLabel =>
  verdict === 'read' || verdict === 'sensitive' ? 'read' : verdict === 'change' ? 'change' : 'not-a-step';

export function confusion(labelled: LabelledBlock[], judged: Map<string, BlockJudgement>) {
  const classes: HandLabel[] = ['read', 'change', 'not-a-step'];
  const matrix = Object.fromEntries(
    classes.map((hand) => [hand, Object.fromEntries(classes.map((t) => [t, 0]))]),
  );
  const missing: string[] = [];
  const wrong: { hand: HandLabel; tool: Verdict; at: string; command: string; note?: string }[] = [];
  for (const item of labelled) {
    const key = `${item.repo}:${item.path}:${item.line}`;
    const block = judged.get(key);
    if (!block) {
      missing.push(key);
      continue;
    }
    const tool = toolClass(block.verdict);
    (matrix[item.label] as Record<string, number>)[tool] =
      ((matrix[item.label] as Record<string, number>)[tool] ?? 0) + 1;
    if (tool !== item.label)
      wrong.push({
        hand: item.label,
        tool: block.verdict,
        at: key,
        command: item.command,
        ...(item.note ? { note: item.note } : {}),
      });
  }
  const agree = classes.reduce((sum, c) => sum + ((matrix[c] as Record<string, number>)[c] ?? 0), 0);
  return { matrix, agree, total: labelled.length - missing.length, missing, wrong };
}

function confusionMarkdown(result: ReturnType<typeof confusion>): string {
  const classes: HandLabel[] = ['read', 'change', 'not-a-step'];
  const row = (hand: HandLabel) =>
    `| **${hand}** | ${classes.map((t) => (result.matrix[hand] as Record<string, number>)[t]).join(' | ')} |`;
  return [
    `Agreement: ${result.agree} of ${result.total} (${pct(result.agree, result.total)})`,
    '',
    '| Hand label ↓ / tool → | read (incl. sensitive) | change | not-a-step |',
    '| --- | ---: | ---: | ---: |',
    ...classes.map(row),
    '',
    ...result.wrong.map(
      (w) =>
        `- hand **${w.hand}**, tool **${w.tool}**: \`${w.at}\` \`${w.command}\`${w.note ? ` — ${w.note}` : ''}`,
    ),
    ...(result.missing.length > 0
      ? ['', `Labelled blocks no longer found: ${result.missing.join(', ')}`]
      : []),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv: string[]) {
  const options = {
    json: false,
    sample: 0,
    seed: 14,
    sampleOut: null as string | null,
    labels: null as string | null,
  };
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--sample') options.sample = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--sample-out') options.sampleOut = value();
    else if (arg === '--labels') options.labels = value();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else dirs.push(arg);
  }
  if (dirs.length === 0)
    throw new Error('give at least one folder or bare git directory of Markdown runbooks');
  if (!Number.isInteger(options.sample) || options.sample < 0)
    throw new Error('--sample takes a whole number');
  return { options, dirs };
}

function main(argv: string[]): number {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    process.stderr.write(
      `corpus-report: ${(error as Error).message}\nusage: node --import tsx scripts/corpus-report.ts [--json] [--sample N --seed S --sample-out FILE] [--labels FILE] <dir-or-git-dir>...\n`,
    );
    return 2;
  }
  const { options, dirs } = parsed;
  let files: CorpusFile[];
  try {
    files = dirs.flatMap(readCorpus);
  } catch (error) {
    process.stderr.write(`corpus-report: ${(error as Error).message}\n`);
    return 2;
  }
  const judged = files.map(judgeFile);
  const summary = summarise(judged);
  const blocks = judged.flatMap((file) => file.blocks);
  const out: string[] = [];
  if (!options.json) out.push(summaryMarkdown(summary), '');
  let comparison: ReturnType<typeof confusion> | null = null;
  if (options.labels) {
    const data = JSON.parse(readFileSync(options.labels, 'utf8')) as { blocks: LabelledBlock[] };
    comparison = confusion(data.blocks, new Map(blocks.map((b) => [`${b.repo}:${b.path}:${b.line}`, b])));
    if (!options.json) out.push('## Hand-labelled sample', '', confusionMarkdown(comparison), '');
  }
  if (options.sample > 0) {
    const sample = pickSample(blocks, options.sample, options.seed).map((block) => ({
      repo: block.repo,
      path: block.path,
      line: block.line,
      lang: block.lang,
      tool: block.verdict,
      why: block.why,
      steps: block.steps.map((step) => ({ line: step.line, risk: step.risk, reason: step.riskReason })),
      text: block.text,
    }));
    if (options.sampleOut) writeFileSync(options.sampleOut, `${JSON.stringify(sample, null, 2)}\n`);
    else out.push(JSON.stringify(sample, null, 2));
  }
  const json = { ...summary, ...(comparison ? { sample: comparison } : {}) };
  out.push(
    options.json ? JSON.stringify(json, null, 2) : `\`\`\`json\n${JSON.stringify(json, null, 2)}\n\`\`\``,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

// run only as a script, so that tests may import the functions above
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
