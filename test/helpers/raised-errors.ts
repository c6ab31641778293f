/**
 * Which Cognito exceptions each served operation's code can raise, found statically: from the
 * handler (and, for an access-token operation, the dispatcher's token check), every function,
 * method, getter and constructor of src/ it can reach through the TypeScript checker's symbol
 * resolution, and in them every `errors.<factory>(…)` and `new CognitoError('<Type>', …)`.
 * An over-approximation (a branch never taken for this operation still counts), never an under-
 * one for code reached by name; calls through the Store port's interfaces are not followed (the
 * storage layer raises no Cognito errors).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '../..');
const src = path.join(root, 'src') + path.sep;
const errorsFile = path.join(root, 'src/errors.ts');

/** `errors.<factory>` → exception name, read from src/errors.ts. */
function factories(): Map<string, string> {
  const text = readFileSync(errorsFile, 'utf8');
  const map = new Map<string, string>();
  for (const m of text.matchAll(/^ {2}(\w+): (?:clientError\('(\w+)'\)|\([^)]*\) => new CognitoError\('(\w+)')/gm)) {
    map.set(m[1]!, (m[2] ?? m[3])!);
  }
  return map;
}

export interface Reach {
  /** Exception names by operation. */
  raised: Map<string, Set<string>>;
}

/**
 * `indexFiles`: the modules whose object literals map operation names to handlers; `extra`: per
 * operation, more functions (by file and exported name) that run for it before the handler.
 */
export function raisedErrors(
  operations: readonly string[], indexFiles: readonly string[], extra: (op: string) => { file: string; name: string }[],
): Map<string, Set<string>> {
  const byFactory = factories();
  const program = ts.createProgram(indexFiles.map((f) => path.join(root, f)), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const resolve = (node: ts.Node): ts.Symbol | undefined => {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol;
  };
  const inSrc = (node: ts.Node) => {
    const file = node.getSourceFile().fileName;
    return path.resolve(file).startsWith(src) && path.resolve(file) !== errorsFile;
  };

  const cache = new Map<ts.Node, Set<string>>();
  /** Errors reachable from `node`'s subtree; `stack` breaks recursion (a cycle adds nothing new). */
  function reach(node: ts.Node, stack: Set<ts.Node>): Set<string> {
    const known = cache.get(node);
    if (known) return known;
    const found = new Set<string>();
    stack.add(node);
    const follow = (decl: ts.Node) => {
      if (stack.has(decl) || !inSrc(decl)) return;
      for (const e of reach(decl, stack)) found.add(e);
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression)) {
        const target = resolve(n.expression.expression);
        if (target?.declarations?.some((d) => path.resolve(d.getSourceFile().fileName) === errorsFile)) {
          const type = byFactory.get(n.expression.name.text);
          if (!type) throw new Error(`unknown error factory errors.${n.expression.name.text}`);
          found.add(type);
        }
      }
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'CognitoError') {
        const first = n.arguments?.[0];
        if (first && ts.isStringLiteral(first)) found.add(first.text);
        else throw new Error(`${n.getSourceFile().fileName}: new CognitoError with a computed name`);
      }
      if (ts.isNewExpression(n)) {
        const symbol = resolve(n.expression);
        for (const d of symbol?.declarations ?? []) {
          if (ts.isClassDeclaration(d)) for (const m of d.members) if (ts.isConstructorDeclaration(m)) follow(m);
        }
      }
      if (ts.isIdentifier(n)) {
        for (const d of resolve(n)?.declarations ?? []) {
          if (
            ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d) || ts.isGetAccessorDeclaration(d)
            || ts.isVariableDeclaration(d) || ts.isPropertyAssignment(d) || ts.isPropertyDeclaration(d)
          ) follow(d);
        }
      }
      ts.forEachChild(n, visit);
    };
    // A declaration's own name resolves to itself: visit its body, not its name.
    if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) {
      if (node.initializer) visit(node.initializer);
    } else {
      ts.forEachChild(node, (child) => (ts.isIdentifier(child) ? undefined : visit(child)));
    }
    stack.delete(node);
    cache.set(node, found);
    return found;
  }

  // Handlers: the `Operation: handler` entries of the index modules' object literals.
  const handlers = new Map<string, ts.Node[]>();
  for (const file of indexFiles) {
    const source = program.getSourceFile(path.join(root, file));
    if (!source) throw new Error(`${file} not in the program`);
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && operations.includes(n.name.text)) {
        const decls = (ts.isIdentifier(n.initializer) ? resolve(n.initializer)?.declarations : undefined) ?? [];
        if (!decls.length) throw new Error(`${file}: ${n.name.text} is not a named handler`);
        handlers.set(n.name.text, [...(handlers.get(n.name.text) ?? []), ...decls]);
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }

  const raised = new Map<string, Set<string>>();
  for (const op of operations) {
    const starts = [...(handlers.get(op) ?? [])];
    if (!starts.length) throw new Error(`no handler found for ${op}`);
    for (const { file, name } of extra(op)) {
      const source = program.getSourceFile(path.join(root, file));
      const symbol = source && checker.getSymbolAtLocation(source);
      const exported = symbol && checker.getExportsOfModule(symbol).find((s) => s.name === name);
      if (!exported?.declarations?.length) throw new Error(`${file} exports no ${name}`);
      starts.push(...exported.declarations);
    }
    const set = new Set<string>();
    for (const start of starts) for (const e of reach(start, new Set())) set.add(e);
    raised.set(op, set);
  }
  return raised;
}
