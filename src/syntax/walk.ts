/**
 * Traversal of the AST: one switch over node kinds (TypeScript's `forEachChild`, OPA's
 * `ir/walk.go`), so no pass writes its own recursion over the tree's shape.
 *
 * {@link forEachChild} visits the direct children of a node in source order; its switch is
 * exhaustive (`assertNever`), so adding a node kind to `ast.ts` fails to compile here until the
 * new kind's children are listed. {@link walk} is the pre-order traversal built on it, with an
 * explicit stack so that very deep trees cannot overflow the call stack.
 */
import type * as ast from './ast.js';

/** Fails to compile when a switch over a union misses a case; throws if reached at run time. */
export function assertNever(x: never): never {
  throw new Error(`unexpected AST node: ${JSON.stringify(x)}`);
}

/** Calls `fn` on each direct child of `node`, in source order. */
export function forEachChild(node: ast.AnyNode, fn: (child: ast.AnyNode) => void): void {
  const each = (xs: readonly ast.AnyNode[]) => xs.forEach((x) => fn(x));
  const opt = (x: ast.AnyNode | undefined) => {
    if (x) fn(x);
  };
  switch (node.kind) {
    case 'Module':
      opt(node.header);
      each(node.decls);
      return;
    case 'Pact':
      fn(node.name);
      fn(node.version);
      return;
    case 'UseStd':
      each(node.path);
      return;
    case 'UseFile':
      fn(node.path);
      return;
    case 'Enum':
      fn(node.name);
      each(node.members);
      return;
    case 'Input':
    case 'RecordType':
      each(node.fields);
      return;
    case 'Data':
      each(node.fields);
      return;
    case 'Let':
      fn(node.name);
      fn(node.value);
      return;
    case 'NamedType':
      fn(node.name);
      return;
    case 'CollectionType':
      fn(node.element);
      return;
    case 'Field':
      fn(node.name);
      fn(node.type);
      each(node.annotations);
      return;
    case 'DataField':
      fn(node.name);
      fn(node.type);
      each(node.annotations);
      opt(node.value);
      return;
    case 'Annotation':
      fn(node.name);
      each(node.args);
      return;
    case 'Rule':
      fn(node.name);
      each(node.roles);
      each(node.clauses);
      each(node.grants);
      opt(node.because);
      return;
    case 'When':
    case 'Unless':
      fn(node.condition);
      return;
    case 'Grant':
      fn(node.secret);
      fn(node.scope);
      fn(node.ttl);
      return;
    case 'Test':
      fn(node.name);
      opt(node.input);
      opt(node.data);
      opt(node.expect);
      return;
    case 'Expect':
      each(node.by);
      return;
    case 'Property':
      fn(node.name);
      opt(node.given);
      return;
    case 'Array':
      each(node.items);
      return;
    case 'Object':
      each(node.entries);
      return;
    case 'Entry':
      fn(node.value);
      return;
    case 'List':
      each(node.items);
      return;
    case 'Path':
      fn(node.root);
      each(node.fields);
      return;
    case 'Unary':
      fn(node.operand);
      return;
    case 'Binary':
      fn(node.left);
      fn(node.right);
      return;
    case 'Call':
      fn(node.callee);
      each(node.args);
      return;
    case 'Has':
      fn(node.path);
      return;
    case 'Quantifier':
      fn(node.variable);
      fn(node.collection);
      fn(node.body);
      return;
    case 'Number':
    case 'String':
    case 'Bool':
    case 'Duration':
    case 'Null':
    case 'Name':
      return;
    default:
      assertNever(node);
  }
}

/**
 * Visits `node` and its descendants in pre-order (source order). When `visit` returns `false`
 * the node's children are skipped.
 */
export function walk(node: ast.AnyNode, visit: (node: ast.AnyNode) => boolean | void): void {
  const stack: ast.AnyNode[] = [node];
  const children: ast.AnyNode[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    children.length = 0;
    forEachChild(n, (c) => children.push(c));
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
