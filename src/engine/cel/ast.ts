/**
 * The parsed form of a CEL expression (cel-spec: doc/langdef.md, "Syntax"). Every node keeps the
 * offset of the character it starts at (for a select, the `.`), as cel-go's source info does, so
 * errors point where cel-go's do (`<input>:1:7`).
 */
export type Expr =
  | { k: 'lit'; at: number; value: unknown }
  | { k: 'ident'; at: number; name: string }
  /** `a.f`, or `a.?f` (optional). */
  | { k: 'select'; at: number; operand: Expr; field: string; optional: boolean }
  /** `a[i]`, or `a[?i]` (optional). */
  | { k: 'index'; at: number; operand: Expr; index: Expr; optional: boolean }
  /** A global call `f(x)` or a receiver call `x.f(y)`; operators are calls named `_+_` etc. */
  | { k: 'call'; at: number; fn: string; target?: Expr; args: Expr[] }
  | { k: 'list'; at: number; elems: Expr[] }
  | { k: 'map'; at: number; entries: { key: Expr; value: Expr }[] }
  /** `Type{field: value}` (message construction; in Kubernetes, the mutation `Object{…}` type). */
  | { k: 'struct'; at: number; type: string; fields: { name: string; value: Expr }[] }
  | { k: 'cond'; at: number; test: Expr; then: Expr; else: Expr }
  /** `has(a.f)`: the field test macro. */
  | { k: 'has'; at: number; operand: Expr; field: string }
  /** `x.all(v, p)`, `exists`, `exists_one`, `map(v, [filter,] f)`, `filter(v, p)`. */
  | {
      k: 'comprehension';
      at: number;
      macro: 'all' | 'exists' | 'exists_one' | 'map' | 'filter';
      range: Expr;
      variable: string;
      /** `map(v, p, f)`: the filter before the transform. */
      filter?: Expr;
      body: Expr;
    };
