/** The syntax tree of the small Python (a subset of CPython's Parser/Python.asdl). */
import type { Pos } from './errors';

export type Expr = Pos &
  (
    | { k: 'num'; v: bigint | number }
    | { k: 'str'; v: string }
    | { k: 'fstr'; parts: (string | FField)[] }
    | { k: 'const'; v: null | boolean }
    | { k: 'name'; id: string }
    | { k: 'list' | 'tuple' | 'set'; items: Expr[] }
    | { k: 'dict'; keys: Expr[]; values: Expr[] }
    | { k: 'bin'; op: string; l: Expr; r: Expr; opCol: number }
    | { k: 'unary'; op: string; e: Expr }
    | { k: 'bool'; op: 'and' | 'or'; l: Expr; r: Expr }
    | { k: 'cmp'; first: Expr; ops: string[]; rest: Expr[] }
    | { k: 'ifexp'; test: Expr; body: Expr; orelse: Expr }
    | { k: 'call'; fn: Expr; args: Expr[]; kw: { name: string; value: Expr }[] }
    | { k: 'attr'; e: Expr; name: string }
    | { k: 'sub'; e: Expr; index: Expr }
    | { k: 'slice'; lo?: Expr; hi?: Expr; step?: Expr }
    | {
        k: 'comp';
        kind: 'list' | 'gen' | 'set';
        elt: Expr;
        target: Expr;
        iter: Expr;
        conds: Expr[];
      }
    | { k: 'lambda'; params: Param[]; body: Expr }
  );

/** `{expr!r:spec}` in an f-string. */
export interface FField {
  expr: Expr;
  conv?: 'r' | 's' | 'a';
  spec: (string | FField)[];
  /** `{x=}`: the expression's text is printed before its value. */
  self?: string;
}

export interface Param {
  name: string;
  dflt?: Expr;
}

export interface Handler {
  type?: Expr;
  name?: string;
  body: Stmt[];
  pos: Pos;
}

export type Stmt = Pos &
  (
    | { k: 'expr'; e: Expr }
    | { k: 'assign'; targets: Expr[]; value: Expr }
    | { k: 'aug'; target: Expr; op: string; value: Expr }
    | { k: 'if'; test: Expr; body: Stmt[]; orelse: Stmt[] }
    | { k: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[] }
    | { k: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] }
    | { k: 'break' | 'continue' | 'pass' }
    | { k: 'import'; names: { name: string; as?: string }[] }
    | { k: 'from'; module: string; names: { name: string; as?: string }[] }
    | { k: 'def'; name: string; params: Param[]; body: Stmt[] }
    | { k: 'return'; value?: Expr }
    | { k: 'global'; names: string[] }
    | { k: 'try'; body: Stmt[]; handlers: Handler[]; orelse: Stmt[]; final: Stmt[] }
    | { k: 'raise'; exc?: Expr }
    | { k: 'assert'; test: Expr; msg?: Expr }
    | { k: 'del'; targets: Expr[] }
  );

/** A node's own fields, without its position (distributed over the union). */
export type Bare<T> = T extends unknown ? Omit<T, keyof Pos> : never;
