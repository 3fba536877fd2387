import { describe, expect, it } from 'vitest';
import { GLOBALS, METHODS } from './functions';
import { CelCompileError, CelEvalError, compile } from './index';
import { GLOBAL_NAMES, METHOD_NAMES } from './names';
import { evaluate, LazyMap } from './run';
import { typeCheck } from './typecheck';
import { Optional } from './values';

const DECLARED = ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables'];

function run(source: string, vars: Record<string, unknown> = {}): unknown {
  return evaluate(compile(source, DECLARED), new Map(Object.entries(vars)));
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', exempt: 'true' } },
  spec: {
    replicas: 6,
    template: {
      spec: {
        containers: [
          { name: 'a', image: 'prod.example.com/nginx' },
          { name: 'b', image: 'dev.example.com/nginx' },
        ],
      },
    },
  },
};

describe('CEL evaluation', () => {
  it('compares fields of the object, as the tutorial policies do', () => {
    expect(run('object.spec.replicas <= 5', { object: deployment })).toBe(false);
    expect(
      run('object.spec.replicas <= params.maxReplicas', {
        object: deployment,
        params: { maxReplicas: 10 },
      }),
    ).toBe(true);
    expect(
      run("'exempt' in object.metadata.labels && object.metadata.labels['exempt'] == 'true'", {
        object: deployment,
      }),
    ).toBe(true);
  });

  it('runs the macros over lists and maps', () => {
    const o = { object: deployment };
    expect(
      run("object.spec.template.spec.containers.all(c, c.image.contains('example.com'))", o),
    ).toBe(true);
    expect(
      run("object.spec.template.spec.containers.exists(c, c.image.startsWith('dev.'))", o),
    ).toBe(true);
    expect(run("object.spec.template.spec.containers.exists_one(c, c.name == 'a')", o)).toBe(true);
    expect(
      run(
        "object.spec.template.spec.containers.filter(c, c.image.startsWith('prod.')).map(c, c.name)",
        o,
      ),
    ).toEqual(['a']);
    expect(run('object.metadata.labels.all(k, k.size() > 2)', o)).toBe(true);
    expect(run('[1, 2, 3].map(x, x > 1, x * 10)', o)).toEqual([20, 30]);
  });

  it('tests for fields with has() and optional selection', () => {
    expect(run('has(object.spec.paused)', { object: deployment })).toBe(false);
    expect(run('!has(params.optionalNumber) || params.optionalNumber >= 5', { params: {} })).toBe(
      true,
    );
    expect(run('object.?spec.?paused.orValue(false)', { object: deployment })).toBe(false);
    expect(run('object.?rules.orValue([]).size()', { object: deployment })).toBe(0);
    expect(run("object.metadata.labels[?'app'].hasValue()", { object: deployment })).toBe(true);
    expect(run('optional.of(1).value() + optional.none().orValue(2)')).toBe(3);
  });

  it('absorbs an error in && and || when the other side decides, as CEL is commutative', () => {
    expect(run('object.spec.missing == 1 && false', { object: deployment })).toBe(false);
    expect(run('false && object.spec.missing == 1', { object: deployment })).toBe(false);
    expect(run('object.spec.missing == 1 || true', { object: deployment })).toBe(true);
    expect(() => run('object.spec.missing == 1 || false', { object: deployment })).toThrow(
      new CelEvalError('no such key: missing'),
    );
  });

  it('reports cel-go runtime errors', () => {
    expect(() => run('1 / 0')).toThrow('division by zero');
    expect(() => run("1 < 'a'")).toThrow('no such overload: _<_(int, string)');
    expect(() => run('[1][3]')).toThrow('index out of bounds: 3');
  });

  it('has the standard and Kubernetes library functions', () => {
    expect(run("'a,b,c'.split(',')")).toEqual(['a', 'b', 'c']);
    expect(run("['a','b'].join('-')")).toBe('a-b');
    expect(run("'Hello'.lowerAscii() + 'x'.upperAscii()")).toBe('helloX');
    expect(run("'abc'.matches('^a.c$') && matches('abc', 'b')")).toBe(true);
    expect(run('[1, 2, 3].isSorted() && [3, 1].sum() == 4 && [4, 2].min() == 2')).toBe(true);
    expect(run("quantity('1Gi').isGreaterThan(quantity('1G'))")).toBe(true);
    expect(run("duration('1h30m') > duration('90s')")).toBe(true);
    expect(
      run("string(request.operation) + ' ' + string(3)", { request: { operation: 'CREATE' } }),
    ).toBe('CREATE 3');
    expect(run('type(1) == int && type("s") == string')).toBe(true);
    expect(run('size("héllo") == 5 && size([1,2]) == 2 && size({"a": 1}) == 1')).toBe(true);
    expect(run('true ? 1 : 2')).toBe(1);
    expect(run('-5 + 2 * 3 % 4')).toBe(-3);
  });

  it('has the IP and CIDR libraries the Service CIDR policies use', () => {
    expect(run("cidr('10.96.0.0/16').containsCIDR('10.96.10.0/24')")).toBe(true);
    expect(run("cidr('10.96.0.0/16').containsCIDR('10.97.0.0/24')")).toBe(false);
    expect(run("cidr('2001:db8::/64').containsCIDR('2001:db8::/96')")).toBe(true);
    expect(run("cidr('2001:db8::/64').containsIP('2001:db8:0:1::1')")).toBe(false);
    expect(
      run("cidr('10.0.0.0/8').containsIP(ip('10.1.2.3')) && ip('10.1.2.3').family() == 4"),
    ).toBe(true);
    expect(
      run("string(cidr('10.1.2.3/8').masked()) + ' ' + string(ip('2001:db8:0:0:0:0:0:1'))"),
    ).toBe('10.0.0.0/8 2001:db8::1');
    expect(
      run("isIP('1.2.3.4') && !isIP('1.2.3') && isCIDR('::1/128') && !isCIDR('10.0.0.0/33')"),
    ).toBe(true);
    expect(() => run("cidr('nope')")).toThrow('bad prefix');
  });

  it('reads variables lazily, each computed once', () => {
    let computed = 0;
    const variables = new LazyMap(['a', 'b'], (k) => {
      computed++;
      if (k === 'b') throw new CelEvalError('no such key: b');
      return 2;
    });
    expect(run('variables.a + variables.a', { variables })).toBe(4);
    expect(computed).toBe(1);
    expect(run('true || variables.b', { variables })).toBe(true);
    expect(run('variables.?a', { variables })).toEqual(new Optional(2));
  });
});

describe('CEL compilation errors, as cel-go displays them', () => {
  it('reports a syntax error with the position and the caret', () => {
    expect(() => compile('object.spec.replicas <=', DECLARED)).toThrow(
      new CelCompileError('object.spec.replicas <=', [
        {
          at: 23,
          message:
            "Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}",
        },
      ]),
    );
    try {
      compile('object.spec.replicas <=', DECLARED);
    } catch (e) {
      expect((e as Error).message).toBe(
        "ERROR: <input>:1:24: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n" +
          ' | object.spec.replicas <=\n' +
          ' | .......................^',
      );
    }
  });

  it('reports an undeclared variable or function', () => {
    expect(() => compile('foo.bar == 1', DECLARED)).toThrow(
      "ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')\n | foo.bar == 1\n | ^",
    );
    expect(() => compile("object.metadata.name.startWith('demo')", DECLARED)).toThrow(
      "undeclared reference to 'startWith' (in container '')",
    );
    expect(() => compile('object.all(x, y > 1)', DECLARED)).toThrow("undeclared reference to 'y'");
    expect(() => compile('object.all(x, x > 1)', DECLARED)).not.toThrow();
  });
});

describe('CEL type checking against Kubernetes kinds', () => {
  const structs = {
    Deployment: { apiVersion: 'string', metadata: '@ObjectMeta', spec: '@DeploymentSpec' },
    ObjectMeta: { name: 'string', labels: 'map[]string' },
    DeploymentSpec: { replicas: 'int32', template: '@PodTemplateSpec' },
    PodTemplateSpec: { spec: '@PodSpec' },
    PodSpec: { containers: '[]@Container' },
    Container: { name: 'string', image: 'string' },
  };
  const types = { object: '@Deployment', oldObject: '@Deployment' };

  it("reports a field the kind does not have at the '.' that selects it, as cel-go does", () => {
    expect(typeCheck('object.replicas > 1', types, structs)).toBe(
      "ERROR: <input>:1:7: undefined field 'replicas'\n | object.replicas > 1\n | ......^",
    );
    expect(
      typeCheck('object.spec.template.spec.containers.all(c, c.imag != "")', types, structs),
    ).toContain("undefined field 'imag'");
    expect(typeCheck('has(object.spec.replica)', types, structs)).toContain(
      "undefined field 'replica'",
    );
  });

  it('accepts the fields the kind has, map keys and untyped variables', () => {
    expect(typeCheck('object.spec.replicas <= 5', types, structs)).toBe('');
    expect(typeCheck("object.metadata.labels.anything == 'x'", types, structs)).toBe('');
    expect(
      typeCheck("object.spec.template.spec.containers.map(c, c.image)[0] != ''", types, structs),
    ).toBe('');
    expect(typeCheck('params.whatever > 1', types, structs)).toBe('');
  });
});

describe("the checker's names", () => {
  it('are exactly the functions the interpreter has', () => {
    expect([...GLOBAL_NAMES].sort()).toEqual(Object.keys(GLOBALS).sort());
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(METHODS).sort());
  });
});
