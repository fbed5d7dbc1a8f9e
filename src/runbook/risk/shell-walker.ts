import { hijacksPrograms } from './hijack-variables.ts';
import { judgeCommandWords } from './judge-command.ts';
import { change, combineVerdicts, type RiskVerdict, sensitive, unrecognised } from './risk-verdict.ts';
import { isSecretFile } from './secret-patterns.ts';
import { parseShell, type SyntaxNode } from './shell-parser.ts';
import { type ShellWord, wordOf } from './shell-word.ts';
import { NO_STDIN, type Stdin, streamFrom, textFrom } from './stdin.ts';
import { holdsShellCode, judgeVariableName } from './variable-names.ts';

/** Node kinds that only group statements: each child is walked with the same stdin. */
const GROUPS = new Set([
  'program',
  'list',
  'compound_statement',
  'subshell',
  'do_group',
  'else_clause',
  'elif_clause',
  'if_statement',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'case_item',
  'negated_command',
  'test_command',
  'variable_assignments',
]);

/** Parts of words and arithmetic: harmless in themselves; substitutions inside are judged. */
const WORD_PARTS = new Set([
  'word',
  'string',
  'string_content',
  'raw_string',
  'ansi_c_string',
  'translated_string',
  'concatenation',
  'simple_expansion',
  'expansion',
  'variable_name',
  'special_variable_name',
  'number',
  'brace_expression',
  'array',
  'regex',
  'extglob_pattern',
  'subscript',
  'test_operator',
  'arithmetic_expansion',
  'binary_expression',
  'unary_expression',
  'postfix_expression',
  'parenthesized_expression',
  'ternary_expression',
  'heredoc_body',
  'heredoc_content',
  'command_name',
]);

/** Where output may go without writing anything: the bit bucket and the step's own output. */
const HARMLESS_SINKS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);
const OUTPUT_OPERATORS = new Set(['>', '>>', '>|', '&>', '&>>', '<>', '>&']);

const snippet = (text: string) => (text.length > 40 ? `${text.slice(0, 37)}…` : text).replace(/\s+/g, ' ');

/** Decodes the backslash escapes `echo -e`/`printf` share; null for any other than \n, \t, \\. */
function simpleEscapes(text: string): string | null {
  let unknown = false;
  const decoded = text.replace(/\\(.?)/gs, (_all, c: string) => {
    if (c === 'n') return '\n';
    if (c === 't') return '\t';
    if (c === '\\') return '\\';
    unknown = true;
    return '';
  });
  return unknown ? null : decoded;
}

/**
 * Text fed to the next program of a pipeline by `echo`/`printf` with literal arguments; null
 * (known only at run time) when the output is not plainly the text: format directives, reused
 * formats, escapes beyond \n and \t.
 */
function producedText(words: ShellWord[]): string | null {
  if (!words.every((word) => word.isStatic)) return null;
  const [name, ...args] = words.map((word) => word.text);
  if (name === 'echo') {
    let rest = args;
    let escapes = false;
    let newline = true;
    while (rest[0] !== undefined && /^-[neE]+$/.test(rest[0])) {
      for (const flag of (rest[0] as string).slice(1)) {
        if (flag === 'n') newline = false;
        else escapes = flag === 'e';
      }
      rest = rest.slice(1);
    }
    const text = rest.join(' ');
    // without -e a backslash is still decoded when xpg_echo is on: unknown
    const decoded = escapes ? simpleEscapes(text) : text.includes('\\') ? null : text;
    return decoded === null ? null : `${decoded}${newline ? '\n' : ''}`;
  }
  if (name === 'printf' && args.length === 1) {
    const format = args[0] as string;
    if (format.startsWith('-') || format.includes('%')) return null;
    return simpleEscapes(format);
  }
  return null;
}

const isBareCat = (words: ShellWord[]): boolean =>
  words[0]?.text === 'cat' && words.slice(1).every((word) => word.isStatic && word.text === '-');

class Walker {
  readonly verdicts: RiskVerdict[] = [];
  private readonly functions = new Map<string, SyntaxNode>();
  private readonly calling = new Set<string>();
  /** The command whose redirections are judged is `cat` or `cat -`: it passes stdin through. */
  private catAlone = false;

  constructor(private readonly depth: number) {}

  visit(node: SyntaxNode, stdin: Stdin): void {
    const type = node.type;
    if (type === 'comment') return;
    if (type === 'test_command') this.testOperands(node);
    if (GROUPS.has(type)) {
      this.visitChildren(node, stdin);
      return;
    }
    if (WORD_PARTS.has(type)) {
      this.embedded(node);
      return;
    }
    switch (type) {
      case 'pipeline':
        this.pipeline(
          node.namedChildren.filter((child) => child !== null),
          stdin,
        );
        return;
      case 'redirected_statement':
        this.redirectedStatement(node, stdin);
        return;
      case 'command':
        this.command(node, stdin);
        return;
      case 'declaration_command':
        this.declaration(node);
        return;
      case 'unset_command':
        this.visitChildren(node, NO_STDIN);
        for (const operand of node.namedChildren) {
          if (!operand || /^-/.test(operand.text)) continue;
          const verdict = judgeVariableName(wordOf(operand), 'unset', false);
          if (verdict) this.verdicts.push(verdict);
        }
        return;
      case 'variable_assignment':
        this.assignment(node);
        return;
      case 'function_definition':
        this.functionDefinition(node);
        return;
      case 'file_redirect':
      case 'herestring_redirect':
      case 'heredoc_redirect':
        this.redirect(node, '');
        return;
      case 'command_substitution':
      case 'process_substitution':
        this.embedded(node);
        return;
      default:
        this.verdicts.push(unrecognised(`${type} (${snippet(node.text)})`));
    }
  }

  /** `[[ -v 'a[$(cmd)]' ]]`, `[[ 'a[$(cmd)]' -eq 0 ]]`: operands evaluated as arithmetic run code. */
  private testOperands(node: SyntaxNode): void {
    for (const child of node.descendantsOfType(['word', 'string', 'raw_string', 'ansi_c_string'])) {
      if (!child) continue;
      const word = wordOf(child);
      if (word.isStatic && holdsShellCode(word.text))
        this.verdicts.push(change(`[[ … ${snippet(word.text)} … ]] (arithmetic may run the text)`));
    }
  }

  private visitChildren(node: SyntaxNode, stdin: Stdin): void {
    for (const child of node.namedChildren) if (child) this.visit(child, stdin);
  }

  /** Judges the substitutions inside a word (`$(…)`, `` `…` ``, `<(…)`, `$((…))`). */
  private embedded(node: SyntaxNode): void {
    switch (node.type) {
      case 'command_substitution':
        this.visitChildren(node, NO_STDIN);
        return;
      case 'process_substitution':
        this.visitChildren(node, node.text.startsWith('>') ? streamFrom('a process substitution') : NO_STDIN);
        return;
      case 'expansion':
        if (/@P\}$/.test(node.text))
          this.verdicts.push(change(`${node.text} (prompt expansion runs commands)`));
        if (node.namedChildCount === 0)
          this.verdicts.push(unrecognised(`${node.text} (bash rejects this expansion)`));
        break;
      default:
        if (!WORD_PARTS.has(node.type)) {
          this.visit(node, NO_STDIN);
          return;
        }
    }
    for (const child of node.namedChildren) if (child) this.embedded(child);
  }

  private pipeline(elements: SyntaxNode[], stdin: Stdin): void {
    let input = stdin;
    for (const element of elements) {
      this.visit(element, input);
      const words = element.type === 'command' ? this.commandWords(element) : null;
      const text =
        words && element.childrenForFieldName('redirect').length === 0 ? producedText(words) : null;
      const first = words?.[0]?.text ?? element.type;
      input = text === null ? streamFrom(`the output of ${first}`) : textFrom(text, `the output of ${first}`);
    }
  }

  private redirectedStatement(node: SyntaxNode, stdin: Stdin): void {
    const body = node.childForFieldName('body');
    let input = stdin;
    const label = body?.type === 'command' ? (this.commandWords(body)[0]?.text ?? '') : (body?.type ?? '');
    this.catAlone = body?.type === 'command' && isBareCat(this.commandWords(body));
    for (const redirect of node.namedChildren) {
      if (!redirect || redirect.id === body?.id) continue;
      input = this.redirect(redirect, label) ?? input;
    }
    if (body) this.visit(body, input);
  }

  /** Judges one redirection; returns the stdin it gives the command, if it is an input. */
  private redirect(node: SyntaxNode, label: string): Stdin | undefined {
    switch (node.type) {
      case 'file_redirect':
        return this.fileRedirect(node, label);
      case 'herestring_redirect': {
        const target = node.namedChildren.find((child) => child && child.type !== 'file_descriptor');
        if (!target) return undefined;
        this.embedded(target);
        const word = wordOf(target);
        return word.isStatic ? textFrom(`${word.text}\n`, 'a here-string') : streamFrom('a here-string');
      }
      case 'heredoc_redirect':
        return this.heredoc(node, label);
      case 'comment':
        return undefined;
      default:
        this.visit(node, NO_STDIN);
        return undefined;
    }
  }

  private fileRedirect(node: SyntaxNode, label: string): Stdin | undefined {
    const operator = node.children
      .filter((child) => child && !child.isNamed)
      .map((child) => child?.text)
      .join('');
    const destinations = node.childrenForFieldName('destination');
    for (const destination of destinations) this.embedded(destination);
    const target = destinations[0] ? wordOf(destinations[0]) : null;
    const where = target?.text ?? '';
    if (operator === '<') {
      if (target?.isStatic && isSecretFile(target.text))
        this.verdicts.push(sensitive(`${label} < ${where} (secret file)`.trim()));
      return streamFrom(`the file ${where}`);
    }
    if (operator === '<&' || operator === '>&' || operator === '<&-' || operator === '>&-') {
      // `2>&1`, `>&2`, `<&3`, `>&-`: only file descriptors are duplicated or closed
      if (target === null || (target.isStatic && /^(\d+-?|-)$/.test(target.text))) return undefined;
    }
    if (OUTPUT_OPERATORS.has(operator) || operator === '<&' || operator === '>&') {
      if (target?.isStatic && HARMLESS_SINKS.has(target.text)) return undefined;
      this.verdicts.push(change(`${`${label} `.trimStart()}${operator} ${where} (writes a file)`));
      return undefined;
    }
    this.verdicts.push(unrecognised(`redirection ${operator} ${where}`));
    return undefined;
  }

  private heredoc(node: SyntaxNode, label: string): Stdin | undefined {
    let body: SyntaxNode | null = null;
    let quoted = false;
    const after: SyntaxNode[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'heredoc_start') quoted = /['"\\]/.test(child.text);
      else if (child.type === 'heredoc_body') body = child;
      else if (child.type !== 'heredoc_end') after.push(child);
    }
    let input: Stdin = textFrom('', 'an empty heredoc');
    if (body) {
      const dynamic =
        !quoted && body.namedChildren.some((child) => child && child.type !== 'heredoc_content');
      if (!quoted) this.embedded(body);
      // unquoted: bash removes the backslash of \$, \`, \\ and \<newline> (`\`cmd\`` runs later)
      const text = quoted
        ? body.text
        : body.text.replace(/\\([$`\\\n])/g, (_all, c: string) => (c === '\n' ? '' : c));
      input = dynamic ? streamFrom('a heredoc with expansions') : textFrom(text, 'a heredoc');
    }
    for (const child of after) {
      if (child.type === 'pipeline') {
        // `cat <<EOF | bash`: the grammar puts the rest of the pipeline inside the heredoc
        const passesThrough = label === 'cat' && this.catAlone && input.kind === 'text';
        const feed = passesThrough ? input : streamFrom(`the output of ${label}`);
        for (const element of child.namedChildren) if (element) this.visit(element, feed);
      } else if (child.type.endsWith('_redirect')) this.redirect(child, label);
      else this.visit(child, NO_STDIN);
    }
    return input;
  }

  private commandWords(node: SyntaxNode): ShellWord[] {
    const name = node.childForFieldName('name');
    if (!name) return [];
    const args = node.childrenForFieldName('argument');
    return [name, ...args].map((word) =>
      wordOf(word.type === 'command_name' ? (word.firstNamedChild ?? word) : word),
    );
  }

  private command(node: SyntaxNode, stdin: Stdin): void {
    let input = stdin;
    const name = node.childForFieldName('name');
    const label = name?.text ?? '';
    this.catAlone = isBareCat(this.commandWords(node));
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') this.assignment(child);
      else if (child.type.endsWith('_redirect')) input = this.redirect(child, label) ?? input;
      else if (child.type === 'subshell') this.visit(child, NO_STDIN);
      else this.embedded(child);
    }
    if (!name) return;
    const verdict = judgeCommandWords(this.commandWords(node), {
      stdin: input,
      depth: this.depth,
      judgeScript: (text, scriptStdin, depth) => judgeShellText(text, scriptStdin, depth),
      callFunction: (called, callStdin) => this.callFunction(called, callStdin),
    });
    this.verdicts.push(verdict);
  }

  private assignment(node: SyntaxNode): void {
    const name = node.childForFieldName('name')?.text ?? '';
    if (hijacksPrograms(name)) this.verdicts.push(change(`sets ${name} (changes what programs run)`));
    const value = node.childForFieldName('value');
    if (value) {
      const word = wordOf(value);
      // `x='a[$(cmd)]'; echo $((x))`: arithmetic and `${!x}` run code held in a value
      if (word.isStatic && holdsShellCode(word.text))
        this.verdicts.push(change(`sets ${name} to text holding shell code (${snippet(word.text)})`));
      if (/(^|[^\\])[<>]\(/.test(value.text) || value.type === 'process_substitution')
        this.verdicts.push(change(`sets ${name} to a process substitution`));
    }
    for (const child of node.namedChildren) if (child && child.type !== 'variable_name') this.embedded(child);
  }

  /** `export`, `declare`, `local`, `readonly`, `typeset`: read unless they print every variable. */
  private declaration(node: SyntaxNode): void {
    const keyword = node.child(0)?.text ?? 'declare';
    const operands = node.namedChildren.filter((child) => child !== null);
    for (const child of operands) {
      if (child.type === 'variable_assignment') this.assignment(child);
      else this.embedded(child);
    }
    const names = operands.filter((child) => !/^[-+]/.test(child.text));
    const flags = operands.filter((child) => /^[-+]/.test(child.text)).map((child) => child.text);
    if (flags.some((flag) => /^[-+]\w*n/.test(flag)))
      this.verdicts.push(change(`${keyword} -n (a name reference may point at any variable)`));
    for (const operand of operands) {
      if (operand.type === 'variable_assignment' || /^[-+]/.test(operand.text)) continue;
      // `export "NAME=v"`, `declare "$P=v"`: bash parses the expanded word as an assignment
      const word = wordOf(operand);
      if (!word.isStatic) {
        this.verdicts.push(change(`${keyword} ${snippet(operand.text)} (name known only at run time)`));
        continue;
      }
      const equals = word.text.indexOf('=');
      const name = equals < 0 ? word.text : word.text.slice(0, equals).replace(/\+$/, '');
      const verdict = judgeVariableName({ ...word, text: name }, keyword, equals >= 0);
      if (verdict) this.verdicts.push(verdict);
      if (equals >= 0 && holdsShellCode(word.text.slice(equals + 1)))
        this.verdicts.push(change(`${keyword} ${snippet(word.text)} (value holds shell code)`));
    }
    if (names.length === 0 && !flags.some((flag) => /^-[fF]+$/.test(flag)))
      this.verdicts.push(sensitive(`${keyword} (prints every variable)`));
    else this.verdicts.push({ risk: 'read', recognised: true, reason: keyword });
  }

  private functionDefinition(node: SyntaxNode): void {
    const name = node.childForFieldName('name')?.text ?? '';
    const body = node.childForFieldName('body');
    if (body) this.functions.set(name, body);
    for (const redirect of node.childrenForFieldName('redirect')) this.redirect(redirect, name);
    // judged where it is defined too: a trap or a later definition may call it
    if (body) this.callFunction(name, NO_STDIN);
  }

  private callFunction(name: string, stdin: Stdin): RiskVerdict | undefined {
    const body = this.functions.get(name);
    if (!body) return undefined;
    if (this.calling.has(name)) return { risk: 'read', recognised: true, reason: `${name} (recursive call)` };
    this.calling.add(name);
    const before = this.verdicts.length;
    this.visit(body, stdin);
    const inner = this.verdicts.splice(before);
    this.calling.delete(name);
    const verdict = combineVerdicts(inner);
    return { ...verdict, reason: `function ${name}: ${verdict.reason}` };
  }
}

/** The risk of shell text (a step, or the text of `bash -c`, `watch`, `eval`). */
export function judgeShellText(text: string, stdin: Stdin, depth: number): RiskVerdict {
  if (depth > 8) return unrecognised('shell text nested too deep');
  const parsed = parseShell(text);
  try {
    if (parsed.hasError) return unrecognised('shell text bash would not parse the same way (syntax error)');
    const walker = new Walker(depth);
    walker.visit(parsed.root, stdin);
    if (walker.verdicts.length === 0) return { risk: 'read', recognised: true, reason: 'no command' };
    return combineVerdicts(walker.verdicts);
  } finally {
    parsed.dispose();
  }
}
