import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { buildSurfaceCatalog } from '../src/surface/surface-catalog.js';
import { namespaceTaskId, namespaceUri, rewriteTaskIds, splitNamespacedTaskId, splitNamespacedUri } from '../src/surface/namespacing.js';

const known = (...prefixes: string[]) => (p: string) => prefixes.includes(p);

describe('resource URI namespacing', () => {
  it.each([
    ['everything', 'demo://resource/static/1', 'everything+demo://resource/static/1'],
    ['files', 'file:///tmp/a%20b.txt', 'files+file:///tmp/a%20b.txt'],
    ['my_server', 'git+ssh://host/repo.git', 'my-server+git+ssh://host/repo.git'],
    ['bench', 'urn:isbn:0451450523', 'bench+urn:isbn:0451450523'],
    ['a', 'relative/path', 'a+relative/path'],
  ])('%s + %s round-trips through %s', (prefix, uri, expected) => {
    const ns = namespaceUri(prefix, uri);
    expect(ns).toBe(expected);
    expect(splitNamespacedUri(ns, known(prefix))).toEqual({ prefix, uri });
  });

  it('keeps a valid URI: the namespaced form parses with the same path, query and fragment', () => {
    const original = new URL('demo://host:8080/a/b?x=1&y=%2F#frag');
    const ns = new URL(namespaceUri('my_srv', original.href));
    expect(ns.protocol).toBe('my-srv+demo:');
    expect([ns.host, ns.pathname, ns.search, ns.hash]).toEqual([original.host, original.pathname, original.search, original.hash]);
  });

  it('keeps a valid RFC 6570 template that expands and matches like the original', () => {
    const template = 'demo://resource/{id}/{+path}{?format}';
    const original = new UriTemplate(template);
    const ns = new UriTemplate(namespaceUri('everything', template));
    const vars = { id: '42', path: 'a/b', format: 'json' };
    const expanded = ns.expand(vars);
    expect(expanded).toBe(`everything+${original.expand(vars)}`);
    expect(ns.match(expanded)).toEqual(original.match(original.expand(vars)));
    expect(ns.match(expanded)).toMatchObject({ id: '42' });
    expect(splitNamespacedUri(String(ns), known('everything'))).toEqual({ prefix: 'everything', uri: template });
  });

  it('treats anything without a registered prefix as un-namespaced', () => {
    expect(splitNamespacedUri('git+ssh://host/repo', known('everything'))).toBeUndefined();
    expect(splitNamespacedUri('demo://x', known('demo'))).toBeUndefined();
    expect(splitNamespacedUri('+demo://x', known(''))).toBeUndefined();
    expect(splitNamespacedUri('everything+', known('everything'))).toBeUndefined();
    expect(splitNamespacedUri('Every+demo://x', known('every'))).toBeUndefined();
  });

  it('namespaces task ids and rewrites them in results, status and related-task metadata', () => {
    expect(splitNamespacedTaskId(namespaceTaskId('everything', 'a:b:c'), known('everything'))).toEqual({ prefix: 'everything', taskId: 'a:b:c' });
    expect(splitNamespacedTaskId('other:1', known('everything'))).toBeUndefined();
    const ns = (id: string) => `p:${id}`;
    expect(rewriteTaskIds({ task: { taskId: '1', status: 'working' } }, ns)).toEqual({ task: { taskId: 'p:1', status: 'working' } });
    expect(rewriteTaskIds({ taskId: '2', status: 'completed' }, ns)).toEqual({ taskId: 'p:2', status: 'completed' });
    const result = { content: [], _meta: { 'io.modelcontextprotocol/related-task': { taskId: '3' }, other: 1 } };
    expect(rewriteTaskIds(result, ns)._meta).toEqual({ 'io.modelcontextprotocol/related-task': { taskId: 'p:3' }, other: 1 });
  });
});

describe('surface catalog', () => {
  const warnings: string[] = [];
  const build = (passthrough = false) =>
    buildSurfaceCatalog(
      [
        {
          prefix: 'alpha',
          resources: [{ uri: 'demo://same', name: 'a' }, { uri: 'demo://only-alpha', name: 'oa' }],
          templates: [{ uriTemplate: 'demo://items/{id}', name: 'items' }],
          prompts: [{ name: 'greet' }, { name: 'has space' }],
        },
        {
          prefix: 'beta',
          resources: [{ uri: 'demo://same', name: 'b' }],
          templates: [{ uriTemplate: 'beta://logs/{day}', name: 'logs' }],
          prompts: [{ name: 'greet' }],
        },
      ],
      { wireFormat: {}, passthrough },
      1,
      (m) => warnings.push(m),
    );

  it('namespaces URIs and templates, and prefixes prompt names through the wire map', () => {
    const c = build();
    expect(c.resources.map((r) => r.uri)).toEqual(['alpha+demo://same', 'alpha+demo://only-alpha', 'beta+demo://same']);
    expect(c.templates.map((t) => t.uriTemplate)).toEqual(['alpha+demo://items/{id}', 'beta+beta://logs/{day}']);
    expect(c.prompts.map((p) => p.name)).toEqual(['alpha_greet', 'beta_greet']);
    expect(c.promptByWire.get('beta_greet')).toEqual({ wire: 'beta_greet', prefix: 'beta', name: 'greet' });
    expect(warnings.join('\n')).toContain('has space');
  });

  it('finds the owners of an un-namespaced URI: listed exactly first, else by template', () => {
    const c = build();
    expect(c.ownersOf('demo://only-alpha')).toEqual(['alpha']);
    expect(c.ownersOf('demo://same')).toEqual(['alpha', 'beta']);
    expect(c.ownersOf('demo://items/7')).toEqual(['alpha']);
    expect(c.ownersOf('beta://logs/monday')).toEqual(['beta']);
    expect(c.ownersOf('nobody://x')).toEqual([]);
    expect(c.templateOwners('demo://items/{id}')).toEqual(['alpha']);
  });

  it('gives colliding and over-long prompt names distinct wire names that route back to their owner', () => {
    const long = 'summarize_the_whole_bench_state_including_every_net_and_slot';
    const c = buildSurfaceCatalog(
      [
        { prefix: 'x', resources: [], templates: [], prompts: [{ name: 'a.b' }, { name: long }] },
        { prefix: 'x_a', resources: [], templates: [], prompts: [{ name: 'b' }] },
      ],
      { wireFormat: {}, passthrough: false },
      1,
      () => undefined,
    );
    const names = c.prompts.map((p) => p.name);
    expect(new Set(names).size).toBe(3);
    expect(names.every((n) => /^[A-Za-z0-9_-]{1,45}$/.test(n))).toBe(true);
    const owners = names.map((n) => c.promptByWire.get(n)).map((e) => `${e?.prefix}/${e?.name}`);
    expect(owners.sort()).toEqual([`x/${long}`, 'x/a.b', 'x_a/b'].sort());
  });

  it('keeps the subsystems own names in passthrough mode', () => {
    const c = buildSurfaceCatalog(
      [{ prefix: 'alpha', resources: [{ uri: 'demo://x', name: 'x' }], templates: [{ uriTemplate: 'demo://{id}', name: 't' }], prompts: [{ name: 'greet' }] }],
      { wireFormat: {}, passthrough: true },
      1,
      () => undefined,
    );
    expect([c.resources[0]?.uri, c.templates[0]?.uriTemplate, c.prompts[0]?.name]).toEqual(['demo://x', 'demo://{id}', 'greet']);
    expect(c.promptByWire.get('greet')?.prefix).toBe('alpha');
  });
});
